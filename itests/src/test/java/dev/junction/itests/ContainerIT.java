package dev.junction.itests;

import static dev.junction.itests.WampTestClient.ERROR;
import static dev.junction.itests.WampTestClient.RESULT;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;

import dev.junction.api.admin.ConnectingTransport;
import dev.junction.api.admin.ConnectionStatus;
import dev.junction.api.message.Payload;
import dev.junction.client.WampSession;
import dev.junction.container.WampComponent;

/**
 * The container: a {@link WampComponent} service joins through the {@code dev.junction.connect.websocket} (or
 * {@code .rawsocket}) configuration it names, with the serializer the configuration prefers; when the router's transport goes away and
 * comes back, the component rejoins and re-registers within the backoff; removing the component leaves.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainerIT extends AbstractRouterIT {
    private static final String CONNECT_PID = "dev.junction.connect.websocket";
    private static final String CONNECT_RAWSOCKET_PID = "dev.junction.connect.rawsocket";
    private static final String RAWSOCKET_PID = "dev.junction.transport.rawsocket";
    private static final String PROCEDURE = "com.example.container.ping";

    private ServiceRegistration<WampComponent> component;

    @Override
    protected Option[] additionalOptions() {
        return new Option[] { junctionBundle("junction-client"), junctionBundle("junction-container"),
            junctionBundle("junction-transport-rawsocket") };
    }

    @After
    public void removeComponent() {
        if (component != null) {
            try {
                component.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the test removed it
            }
        }
    }

    /** A component that registers {@link #PROCEDURE} on every join and records its sessions. */
    private final class PingComponent implements WampComponent {
        final List<WampSession> joins = new CopyOnWriteArrayList<>();
        final List<String> leaves = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<?> onJoin(WampSession session) {
            joins.add(session);
            return session.register(PROCEDURE, Map.of(),
                    inv -> CompletableFuture.completedFuture(Payload.of("pong", session.serializer())));
        }

        @Override
        public void onLeave(String reason) {
            leaves.add(reason);
        }
    }

    private static int answerType(WampTestClient client) {
        List<Object> answer = client.awaitCallAnswer(client.call(PROCEDURE, List.of(), null));
        return WampTestClient.type(answer);
    }

    private void awaitCallAnswered(int port, int type, String what) {
        waitFor(what, Duration.ofSeconds(30), () -> {
            try (WampTestClient caller = join("caller", port, WampCodec.JSON, REALM)) {
                return answerType(caller) == type ? Boolean.TRUE : null;
            }
        }, () -> statusReport());
    }

    private String statusReport() {
        StringBuilder sb = new StringBuilder();
        try {
            for (ServiceReference<ConnectingTransport> ref : bundleContext.getServiceReferences(
                    ConnectingTransport.class, null)) {
                ConnectingTransport t = bundleContext.getService(ref);
                sb.append(t.id()).append(' ').append(t.status()).append('\n');
                bundleContext.ungetService(ref);
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return sb.toString();
    }

    private List<ConnectionStatus> status(String id) {
        try {
            for (ServiceReference<ConnectingTransport> ref : bundleContext.getServiceReferences(
                    ConnectingTransport.class, null)) {
                ConnectingTransport t = bundleContext.getService(ref);
                try {
                    if (t.id().equals(id)) {
                        return t.status();
                    }
                } finally {
                    bundleContext.ungetService(ref);
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return List.of();
    }

    @Test
    public void aComponentJoinsRejoinsAfterTheRouterComesBackAndLeavesWhenRemoved() {
        int port = freePort();
        Configuration transport = createFactoryConfiguration(TRANSPORT_PID, uniqueName("ws"),
                transportProperties(port));
        waitForPortOpen(port);
        createRealm(REALM);
        awaitJoinable(port, REALM);

        PingComponent ping = new PingComponent();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(WampComponent.CONNECTION, "upstream");
        component = bundleContext.registerService(WampComponent.class, ping, props);
        createFactoryConfiguration(CONNECT_PID, "upstream", Map.of("url", "ws://127.0.0.1:" + port + "/ws",
                "realm", REALM, "serializers", new String[] { "msgpack", "json" },
                "retry.initial_retry_delay", "0.1", "retry.max_retry_delay", "0.5"));

        awaitCallAnswered(port, RESULT, "the component's procedure answers");
        assertEquals("joined once", 1, ping.joins.size());
        assertEquals("the configuration's first serializer", "msgpack", ping.joins.get(0).serializer());
        assertEquals("JOINED", status("upstream").get(0).state());

        // The router's transport goes away: the session ends and the component waits to retry.
        deleteConfiguration(transport);
        waitForPortClosed(port);
        waitUntil("the component noticed the lost session", () -> !ping.leaves.isEmpty());
        waitUntil("the connection is retrying", () -> {
            List<ConnectionStatus> s = status("upstream");
            return !s.isEmpty() && s.get(0).state().equals("RETRYING") && s.get(0).lastError() != null;
        });

        // It comes back on the same port: the component rejoins and registers again.
        createFactoryConfiguration(TRANSPORT_PID, uniqueName("ws"), transportProperties(port));
        waitForPortOpen(port);
        awaitCallAnswered(port, RESULT, "the component's procedure answers after the router came back");
        assertTrue("joined again: " + ping.joins.size(), ping.joins.size() >= 2);

        // Removing the component service makes it leave: its procedure is gone.
        component.unregister();
        awaitCallAnswered(port, ERROR, "no callee once the component is removed");
        waitUntil("no runner left", () -> status("upstream").isEmpty());
    }

    @Test
    public void aComponentJoinsThroughRawSocketOverTcpAndOverAUnixSocket() throws Exception {
        int wsPort = freePort();
        createFactoryConfiguration(TRANSPORT_PID, uniqueName("ws"), transportProperties(wsPort));
        waitForPortOpen(wsPort);
        createRealm(REALM);
        awaitJoinable(wsPort, REALM);
        int rsPort = freePort();
        createFactoryConfiguration(RAWSOCKET_PID, uniqueName("rs"), Map.of("endpoint.port", rsPort,
                "endpoint.interface", "127.0.0.1", "serializers", new String[] { "json", "msgpack" }));
        waitForPortOpen(rsPort);
        java.nio.file.Path socket = java.nio.file.Files.createTempDirectory("junction-rs").resolve("router.sock");
        createFactoryConfiguration(RAWSOCKET_PID, uniqueName("rsunix"), Map.of("endpoint.type", "unix",
                "endpoint.path", socket.toString(), "serializers", new String[] { "json", "msgpack" }));
        waitUntil("the unix socket listens", () -> java.nio.file.Files.exists(socket));

        PingComponent ping = new PingComponent();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(WampComponent.CONNECTION, "rs_upstream");
        component = bundleContext.registerService(WampComponent.class, ping, props);
        // Crossbar's shape: endpoint host and port, one serializer.
        createFactoryConfiguration(CONNECT_RAWSOCKET_PID, "rs_upstream", Map.of("endpoint.host", "127.0.0.1",
                "endpoint.port", rsPort, "serializer", "msgpack", "realm", REALM,
                "retry.initial_retry_delay", "0.1", "retry.max_retry_delay", "0.5"));
        awaitCallAnswered(wsPort, RESULT, "the component's procedure answers (RawSocket over TCP)");
        assertEquals("msgpack", ping.joins.get(0).serializer());
        assertEquals("JOINED", status("rs_upstream").get(0).state());
        component.unregister();
        awaitCallAnswered(wsPort, ERROR, "no callee once the component is removed");

        PingComponent overUnix = new PingComponent();
        props.put(WampComponent.CONNECTION, "rs_unix");
        component = bundleContext.registerService(WampComponent.class, overUnix, props);
        createFactoryConfiguration(CONNECT_RAWSOCKET_PID, "rs_unix", Map.of("endpoint.type", "unix",
                "endpoint.path", socket.toString(), "serializers", new String[] { "cbor", "json" }, "realm", REALM,
                "retry.initial_retry_delay", "0.1", "retry.max_retry_delay", "0.5"));
        awaitCallAnswered(wsPort, RESULT, "the component's procedure answers (RawSocket over a Unix socket)");
        assertEquals("cbor is not installed here: the next serializer", "json", overUnix.joins.get(0).serializer());
    }
}
