package dev.junction.transport.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

/**
 * The outbound queue's accounting (what the router's {@code outbound.*} limits read), {@code abort} for a peer that
 * stopped reading, and {@code max_sessions} at the handshake. The non-reading peer is a raw socket that completes
 * the upgrade and then never reads, with a small receive buffer.
 */
class OutboundQueueTest {

    private static final int MESSAGE = 64 * 1024;
    private static final int MESSAGES = 400; // 25 MiB: more than loopback's socket buffers take

    /** Completes a wamp.2.json upgrade and returns the socket, which the test then never reads from. */
    private static Socket nonReadingPeer(Fixture f) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", f.port()), 10_000);
        socket.getOutputStream().write(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.json")
                .getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed during the upgrade: " + head);
            }
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 101");
        return socket;
    }

    private static byte[] message() {
        byte[] m = new byte[MESSAGE];
        Arrays.fill(m, (byte) 'x');
        m[0] = '"';
        m[MESSAGE - 1] = '"';
        return m;
    }

    @Test
    void aPeerThatStopsReadingLeavesMessagesCountedInTheQueueAndAbortDiscardsThemAtOnce() throws Exception {
        try (Fixture f = Fixture.started(); Socket peer = nonReadingPeer(f)) {
            FakeRouter.Handle handle = f.router.handle(1);
            for (int i = 0; i < MESSAGES; i++) {
                handle.connection.send(message());
            }
            Poll.until("the writer is stuck behind the full socket", () -> {
                long bytes = handle.connection.queuedBytes();
                return bytes > 0 && bytes < (long) MESSAGES * MESSAGE;
            });
            long queued = handle.connection.queuedBytes();
            int messages = handle.connection.queuedMessages();
            assertThat(messages).isPositive().isLessThan(MESSAGES);
            assertThat(queued).isGreaterThanOrEqualTo((long) (messages - 1) * MESSAGE);

            handle.connection.abort(1008, "outbound queue full");

            // At once: everything but the message whose frame is stuck in the socket.
            assertThat(handle.connection.queuedMessages()).isLessThanOrEqualTo(1);
            assertThat(handle.connection.queuedBytes()).isLessThanOrEqualTo(MESSAGE);
            Poll.until("the connection is dropped after the grace period", Duration.ofSeconds(15),
                    () -> handle.closeCalls.get() == 1);
            Poll.until("nothing is left queued", () -> handle.connection.queuedBytes() == 0
                    && handle.connection.queuedMessages() == 0);
            handle.connection.send(message()); // after abort: dropped, not counted
            assertThat(handle.connection.queuedBytes()).isZero();
        }
    }

    @Test
    void controlAReadingPeerEmptiesTheQueueAndKeepsItsConnection() throws Exception {
        WebSocketClient client = new WebSocketClient();
        client.setMaxTextMessageSize(1024 * 1024);
        client.start();
        try (Fixture f = Fixture.started()) {
            TestClient reader = new TestClient();
            f.connect(client, reader, "wamp.2.json");
            FakeRouter.Handle handle = f.router.handle(1);
            for (int i = 0; i < 50; i++) {
                handle.connection.send(message());
            }
            for (int i = 0; i < 50; i++) {
                assertThat(reader.next()).isNotNull();
            }
            Poll.until("the queue is empty", () -> handle.connection.queuedBytes() == 0
                    && handle.connection.queuedMessages() == 0);
            assertThat(handle.closeCalls.get()).isZero();
        } finally {
            client.stop();
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheOpenHandshakeTimeoutAndAnUpgradedOneStays() throws Exception {
        try (Fixture f = Fixture.started("options.open_handshake_timeout", 1000);
                Socket upgraded = nonReadingPeer(f); Socket silent = new Socket()) {
            FakeRouter.Handle handle = f.router.handle(1);
            silent.connect(new InetSocketAddress("127.0.0.1", f.port()), 10_000);
            silent.setSoTimeout(30_000); // a bound for the test only: the server must close long before
            assertThat(silent.getInputStream().read()).as("closed by the server without an answer").isEqualTo(-1);
            // control: the upgraded connection, just as silent, is not subject to it
            handle.connection.send("\"still here\"".getBytes(StandardCharsets.UTF_8));
            Poll.until("the message is written", () -> handle.connection.queuedMessages() == 0);
            assertThat(handle.closeCalls.get()).isZero();
            assertThat(f.component.transport().connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void aPeerThatDoesNotAnswerOurCloseFrameIsDroppedAfterTheCloseHandshakeTimeout() throws Exception {
        try (Fixture f = Fixture.started("options.close_handshake_timeout", 1000); Socket mute = nonReadingPeer(f)) {
            FakeRouter.Handle handle = f.router.handle(1);
            mute.setSoTimeout(30_000); // a bound for the test only
            handle.connection.close(1000, "bye");
            // The peer reads (so the close frame arrives) but never answers it: the server drops TCP.
            InputStream in = mute.getInputStream();
            byte[] buffer = new byte[256];
            int total = 0;
            for (int n; (n = in.read(buffer)) >= 0;) {
                total += n;
            }
            assertThat(total).as("the close frame was sent before the drop").isGreaterThanOrEqualTo(2);
            Poll.until("the router is told", () -> handle.closeCalls.get() == 1);
            assertThat(f.component.transport().connectionCount()).isZero();
        }
    }

    @Test
    void maxSessionsRefusesOneMoreHandshakeWith503UntilOneCloses() throws Exception {
        try (Fixture f = Fixture.started("max_sessions", 2)) {
            Socket first = nonReadingPeer(f);
            try (Socket second = nonReadingPeer(f)) {
                f.router.handle(2);
                Poll.until("both are open", () -> f.component.transport().connectionCount() == 2);

                String refused = f.http(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.json"));
                assertThat(refused).startsWith("HTTP/1.1 503").contains("limit of 2 sessions");
                assertThat(f.router.requests).hasSize(2); // refused before the router is asked

                first.close();
                Poll.until("one closed", () -> f.component.transport().connectionCount() == 1);
                assertThat(f.http(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.json"))).startsWith("HTTP/1.1 101");
            }
        }
    }
}
