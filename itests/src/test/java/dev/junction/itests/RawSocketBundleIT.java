package dev.junction.itests;

import static dev.junction.itests.WampTestClient.GOODBYE;
import static dev.junction.itests.WampTestClient.RESULT;
import static dev.junction.itests.WampTestClient.WELCOME;
import static dev.junction.itests.WampTestClient.assertMessage;
import static dev.junction.itests.WampTestClient.id;
import static dev.junction.itests.WampTestClient.opt;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Issue 7 item 4: the RawSocket transport is hot-installable with no change to the router. Installing its bundle
 * under connected WebSocket sessions adds a listener whose clients route to them; uninstalling it winds its own
 * sessions down (GOODBYE {@code wamp.close.system_shutdown}, socket closed) and leaves the WebSocket sessions, the
 * router and the WebSocket bundle untouched. Twice, to show that nothing is left behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RawSocketBundleIT extends AbstractRouterIT {
    private static final String RAWSOCKET_PID = "dev.junction.transport.rawsocket";
    private static final String RAWSOCKET_BSN = "dev.junction.transport.rawsocket";
    private static final String PROC = "com.example.rawsocket.add";

    private Bundle installed;

    @After
    public void uninstallLeftover() throws BundleException {
        if (installed != null && installed.getState() != Bundle.UNINSTALLED) {
            installed.uninstall();
        }
    }

    @Test
    public void installingAndUninstallingRawSocketLeavesWebSocketSessionsAlone() throws Exception {
        createRealm(REALM);
        int wsPort = startTransport();
        awaitJoinable(wsPort, REALM);
        WampTestClient callee = join("ws-callee", wsPort, WampCodec.JSON, REALM);
        WampTestClient caller = join("ws-caller", wsPort, WampCodec.MSGPACK, REALM);
        long registration = callee.register(PROC);
        roundTrip(caller, callee, registration, 1);

        List<String> events = new CopyOnWriteArrayList<>();
        SynchronousBundleListener listener = e -> events.add(e.getBundle().getSymbolicName() + " " + e.getType());
        bundleContext.addBundleListener(listener);
        Bundle router = installedBundle(ROUTER_BSN);
        Bundle websocket = installedBundle(TRANSPORT_BSN);
        List<Long> routerServices = serviceIds(ROUTER_SERVICE);
        try {
            for (int round = 1; round <= 2; round++) {
                installed = bundleContext.installBundle(rawSocketBundleLocation());
                installed.start();
                int rsPort = freePort();
                org.osgi.service.cm.Configuration config = createFactoryConfiguration(RAWSOCKET_PID,
                        uniqueName("rs"), Map.of("endpoint.port", rsPort, "endpoint.interface", "127.0.0.1"));
                waitForPortOpen(rsPort);

                try (RawSocketClient rs = new RawSocketClient(rsPort)) {
                    // A RawSocket session calls the WebSocket callee (JSON over RawSocket, id 1).
                    assertArrayEquals(new byte[] { 0x7F, (byte) 0x81, 0, 0 }, rs.handshake(0x7F, 0xF1, 0, 0));
                    rs.send(List.of(1L, REALM, ROLES_CALLER));
                    assertMessage("answer to HELLO over RawSocket", rs.receive(), WELCOME);
                    rs.send(List.of(48L, 1L, Map.of(), PROC, List.of(round, 2L)));
                    List<Object> invocation = callee.awaitInvocation(registration);
                    callee.yield(id(invocation, 1), List.of(round + 2L), null);
                    List<Object> result = rs.receive();
                    assertMessage("RESULT over RawSocket", result, RESULT);
                    assertEquals(List.of(round + 2L), opt(result, 3, null));

                    installed.uninstall();
                    exchange.note("test", "uninstalled " + RAWSOCKET_BSN + " (round " + round + ")");
                    List<Object> goodbye = rs.receive();
                    assertMessage("GOODBYE when the RawSocket bundle goes", goodbye, GOODBYE);
                    assertEquals("wamp.close.system_shutdown", goodbye.get(2));
                    assertTrue("the RawSocket connection must be closed", rs.closedByServer());
                }
                waitForPortClosed(rsPort);
                deleteConfiguration(config);

                // The WebSocket sessions never noticed: same sessions, still routing.
                roundTrip(caller, callee, registration, round * 10L);
            }
        } finally {
            bundleContext.removeBundleListener(listener);
        }
        assertEquals("router bundle", Bundle.ACTIVE, router.getState());
        assertEquals("the WampRouter service must be the same registration", routerServices,
                serviceIds(ROUTER_SERVICE));
        assertTrue("no bundle but the RawSocket one may see an event: " + events,
                events.stream().allMatch(e -> e.startsWith(RAWSOCKET_BSN + " ")));
        assertEquals("websocket bundle", Bundle.ACTIVE, websocket.getState());
    }

    private static final Map<String, Object> ROLES_CALLER = Map.of("roles", Map.of("caller", Map.of()));

    private static void roundTrip(WampTestClient caller, WampTestClient callee, long registration, long x) {
        long call = caller.call(PROC, List.of(x, 1L), null);
        List<Object> invocation = callee.awaitInvocation(registration);
        callee.yield(id(invocation, 1), List.of(x + 1), null);
        List<Object> result = caller.awaitCallAnswer(call);
        assertMessage("answer to CALL over WebSocket", result, RESULT);
        assertEquals(List.of(x + 1), opt(result, 3, null));
    }

    /** The RawSocket bundle built by the reactor (failsafe names it), installed by location like a hot deploy. */
    private static String rawSocketBundleLocation() {
        String path = System.getProperty("junction.bundle.transport.rawsocket");
        if (path == null || path.isBlank() || path.startsWith("${")) {
            throw new AssertionError("junction.bundle.transport.rawsocket is not set (run through Maven)");
        }
        return new File(path).toURI().toString();
    }

    /** A blocking WAMP-over-RawSocket client speaking JSON. */
    private static final class RawSocketClient implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        RawSocketClient(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        byte[] handshake(int... octets) throws IOException {
            for (int octet : octets) {
                out.write(octet);
            }
            out.flush();
            byte[] reply = new byte[4];
            in.readFully(reply);
            return reply;
        }

        void send(List<?> message) throws IOException {
            byte[] payload = WampCodec.JSON.encode(message);
            out.write(new byte[] { 0, (byte) (payload.length >>> 16), (byte) (payload.length >>> 8),
                    (byte) payload.length });
            out.write(payload);
            out.flush();
        }

        List<Object> receive() throws IOException {
            int type = in.readUnsignedByte();
            int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
            byte[] payload = new byte[length];
            in.readFully(payload);
            assertEquals("frame type", 0, type);
            return WampCodec.JSON.decode(payload);
        }

        boolean closedByServer() throws IOException {
            try {
                return in.read() < 0;
            } catch (EOFException e) {
                return true;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
