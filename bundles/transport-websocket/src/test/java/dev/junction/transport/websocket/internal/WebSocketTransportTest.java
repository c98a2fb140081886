package dev.junction.transport.websocket.internal;

import dev.junction.spi.transport.TransportStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.OpCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junction.api.WampUris;
import dev.junction.spi.transport.HandshakeRequest;

/** A real Jetty server started through the component (no OSGi), a fake router and Jetty's WebSocket client. */
class WebSocketTransportTest {

    private static WebSocketClient client;
    /** Delivers each wire frame whole (Jetty splits a frame when a TCP read ends inside it): for counting frames. */
    private static WebSocketClient frameClient;

    @BeforeAll
    static void startClients() throws Exception {
        client = new WebSocketClient();
        client.setMaxTextMessageSize(8 * 1024 * 1024);
        client.setMaxBinaryMessageSize(8 * 1024 * 1024);
        client.setIdleTimeout(Duration.ofMinutes(2));
        client.start();
        frameClient = new WebSocketClient();
        frameClient.setAutoFragment(false);
        frameClient.setMaxFrameSize(0);
        frameClient.start();
    }

    @AfterAll
    static void stopClients() throws Exception {
        client.stop();
        frameClient.stop();
    }

    private static String acceptedSubprotocol(Session session) {
        return session.getUpgradeResponse().getAcceptedSubProtocol();
    }

    // ---- handshake

    @Test
    void firstSubprotocolTheClientOffersWins() throws Exception {
        try (Fixture f = Fixture.started("auth.anonymous.type", "static")) {
            Session s1 = f.connect(client, new TestClient(), "wamp.2.msgpack", "wamp.2.json");
            assertThat(acceptedSubprotocol(s1)).isEqualTo("wamp.2.msgpack");
            Session s2 = f.connect(client, new TestClient(), "foo", "wamp.2.json", "wamp.2.msgpack");
            assertThat(acceptedSubprotocol(s2)).isEqualTo("wamp.2.json");

            HandshakeRequest request = f.router.requests.get(1);
            assertThat(request.transportId()).isEqualTo("test");
            assertThat(request.transportType()).isEqualTo("websocket");
            assertThat(request.peer()).matches("tcp4:127\\.0\\.0\\.1:\\d+");
            assertThat(request.secure()).isFalse();
            assertThat(request.path()).isEqualTo("/ws");
            assertThat(String.join(",", request.headers().get("sec-websocket-protocol"))).contains("wamp.2.json");
            assertThat(request.headers().keySet()).allMatch(name -> name.equals(name.toLowerCase()));
            assertThat(request.clientCertificates()).isEmpty();
            assertThat(request.serializer()).isSameAs(FakeSerializer.JSON);
            assertThat(request.authConfig()).containsOnly(Map.entry("anonymous.type", "static"));
        }
    }

    @Test
    void noSupportedSubprotocolIsRefusedWith400AndAReason() throws Exception {
        try (Fixture f = Fixture.started()) {
            String none = f.http(Fixture.upgrade());
            assertThat(none).startsWith("HTTP/1.1 400")
                    .contains("This server only speaks WebSocket subprotocols wamp.2.json, wamp.2.msgpack, wamp.2.json.batched, wamp.2.msgpack.batched");
            String unknown = f.http(Fixture.upgrade("Sec-WebSocket-Protocol: mqtt"));
            assertThat(unknown).startsWith("HTTP/1.1 400");
            assertThatThrownBy(() -> f.connect(client, new TestClient())).hasMessageContaining("400");
            assertThat(f.router.requests).isEmpty();
        }
    }

    @Test
    void withoutRequiredSubprotocolAClientOfferingNoneGetsJson() throws Exception {
        try (Fixture f = Fixture.started("options.require_websocket_subprotocol", "false")) {
            Session session = f.connect(client, new TestClient());
            assertThat(acceptedSubprotocol(session)).isNull();
            assertThat(f.router.requests.get(0).serializer()).isSameAs(FakeSerializer.JSON);
            // offering only unknown subprotocols is still refused: a browser would fail on a missing header anyway
            assertThat(f.http(Fixture.upgrade("Sec-WebSocket-Protocol: mqtt"))).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void configuredSerializersLimitTheOffer() throws Exception {
        try (Fixture f = Fixture.started("serializers", "msgpack cbor")) {
            assertThat(f.http(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.json"))).startsWith("HTTP/1.1 400")
                    .contains("This server only speaks WebSocket subprotocols wamp.2.msgpack, wamp.2.msgpack.batched\n");
            assertThat(acceptedSubprotocol(f.connect(client, new TestClient(), "wamp.2.json", "wamp.2.msgpack")))
                    .isEqualTo("wamp.2.msgpack");
        }
    }

    @Test
    void routerRefusalAndResponseHeadersReachTheClient() throws Exception {
        try (Fixture f = Fixture.started()) {
            f.router.responseHeaders = Map.of("Set-Cookie", "cbtid=abc");
            assertThat(f.http(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.json")))
                    .startsWith("HTTP/1.1 101").contains("Set-Cookie: cbtid=abc").contains("Server: Junction\r\n");
            f.router.refuseStatus = 503;
            f.router.refuseReason = "router is shutting down";
            assertThat(f.http(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.json"))).startsWith("HTTP/1.1 503")
                    .contains("router is shutting down");
        }
    }

    @Test
    void originsOutsideTheAllowedPatternsGet403() throws Exception {
        try (Fixture f = Fixture.started("options.allowed_origins", new String[] { "https://*.example.com" },
                "options.allow_null_origin", false)) {
            String json = "Sec-WebSocket-Protocol: wamp.2.json";
            assertThat(f.http(Fixture.upgrade(json, "Origin: https://evil.org"))).startsWith("HTTP/1.1 403")
                    .contains("WebSocket connection denied: origin 'https://evil.org' not allowed");
            assertThat(f.http(Fixture.upgrade(json, "Origin: null"))).startsWith("HTTP/1.1 403")
                    .contains("WebSocket connection denied: origin 'null' not allowed");
            assertThat(f.http(Fixture.upgrade(json, "Origin: https://app.example.com"))).startsWith("HTTP/1.1 101");
            assertThat(f.http(Fixture.upgrade(json, "Origin: https://APP.Example.com"))).startsWith("HTTP/1.1 101");
            assertThat(f.http(Fixture.upgrade(json, "Origin: https://example.com.evil.org")))
                    .startsWith("HTTP/1.1 403");
            assertThat(f.http(Fixture.upgrade(json))).startsWith("HTTP/1.1 101");
        }
        // allow_null_origin (default true) admits Origin: null even when the patterns would not
        try (Fixture f = Fixture.started("options.allowed_origins", new String[] { "https://*.example.com" })) {
            String json = "Sec-WebSocket-Protocol: wamp.2.json";
            assertThat(f.http(Fixture.upgrade(json, "Origin: null"))).startsWith("HTTP/1.1 101");
            assertThat(f.http(Fixture.upgrade(json, "Origin: https://evil.org"))).startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void anAcceptedHandshakeIsEitherOpenedOrAbandonedExactlyOnce() throws Exception {
        try (Fixture f = Fixture.started()) {
            CountDownLatch inHandshake = new CountDownLatch(1);
            CountDownLatch clientGone = new CountDownLatch(1);
            f.router.duringHandshake = () -> {
                inHandshake.countDown();
                try {
                    clientGone.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            try (Socket socket = new Socket("127.0.0.1", f.port())) {
                socket.setSoLinger(true, 0); // reset, so that the 101 cannot be delivered
                socket.getOutputStream().write(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.json")
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(inHandshake.await(10, TimeUnit.SECONDS)).isTrue();
            }
            clientGone.countDown();
            Poll.until("abandoned, or opened and closed", () -> f.router.abandoned.get() == 1
                    || f.router.handles.size() == 1 && f.router.handles.get(0).closeCalls.get() == 1);
            assertThat(f.router.abandoned.get() + f.router.handles.size()).isEqualTo(1);
        }
    }

    // ---- plain HTTP

    @Test
    void plainGetGetsTheStatusPageAndAServerHeaderWithoutVersion() throws Exception {
        try (Fixture f = Fixture.started()) {
            String page = f.http("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(page).startsWith("HTTP/1.1 200").contains("Server: Junction\r\n").contains("text/html")
                    .contains("transport <code>test</code>").contains("wamp.2.json, wamp.2.msgpack")
                    .doesNotContain("Jetty");
        }
        try (Fixture f = Fixture.started("options.show_server_version", true)) {
            assertThat(f.http("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).contains("Server: Junction/");
        }
        try (Fixture f = Fixture.started("options.enable_webstatus", false)) {
            assertThat(f.http("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).startsWith("HTTP/1.1 426")
                    .contains("Upgrade: websocket");
        }
    }

    @Test
    void unixSocketEndpointServes(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("junction.sock");
        try (Fixture f = new Fixture(Map.of("endpoint.type", "unix", "endpoint.path", socket.toString()),
                FakeSerializer.JSON)) {
            assertThat(f.component.status().endpoint()).isEqualTo("unix:" + socket);
            try (SocketChannel channel = SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket))) {
                channel.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer buffer = ByteBuffer.allocate(4096);
                StringBuilder response = new StringBuilder();
                while (channel.read(buffer) > 0) {
                    buffer.flip();
                    response.append(StandardCharsets.UTF_8.decode(buffer));
                    buffer.clear();
                }
                assertThat(response.toString()).startsWith("HTTP/1.1 200").contains("Server: Junction");
            }
        }
    }

    // ---- Jetty defaults replaced by Crossbar's

    @Test
    void compressionIsNegotiatedOnlyWithDeflate() throws Exception {
        try (Fixture f = Fixture.started()) {
            ClientUpgradeRequest request = new ClientUpgradeRequest();
            request.addExtensions("permessage-deflate");
            Session session = f.connect(client, new TestClient(), request, "wamp.2.json");
            assertThat(session.getUpgradeResponse().getExtensions()).isEmpty();
        }
        try (Fixture f = Fixture.started("options.compression", "deflate")) {
            ClientUpgradeRequest request = new ClientUpgradeRequest();
            request.addExtensions("permessage-deflate");
            TestClient endpoint = new TestClient();
            Session session = f.connect(client, endpoint, request, "wamp.2.json");
            assertThat(session.getUpgradeResponse().getExtensions()).extracting(ExtensionConfig::getName)
                    .containsExactly("permessage-deflate");
            String text = "[1,\"realm1\",{}]".repeat(1000);
            session.sendText(text, Callback.NOOP);
            assertThat(endpoint.next()).isEqualTo(text);
        }
    }

    @Test
    void compressedFramesInflatingBeyondJettysBufferPassWithAFrameLimit() throws Exception {
        try (Fixture f = Fixture.started("options.compression", "deflate", "options.max_frame_size", 65536)) {
            ClientUpgradeRequest request = new ClientUpgradeRequest();
            request.addExtensions("permessage-deflate");
            TestClient endpoint = new TestClient();
            Session session = f.connect(client, endpoint, request, "wamp.2.json");
            String text = "[1,\"realm1\",{}]".repeat(10_000); // 150 kB, compresses to a few hundred bytes
            session.sendText(text, Callback.NOOP);
            assertThat(endpoint.next()).isEqualTo(text);
        }
    }

    @Test
    void oneMebibyteRoundTripsOnDefaults() throws Exception {
        try (Fixture f = Fixture.started()) {
            TestClient json = new TestClient();
            Session text = f.connect(client, json, "wamp.2.json");
            String big = "x".repeat(1024 * 1024);
            text.sendText(big, Callback.NOOP);
            assertThat(json.next()).isEqualTo(big);

            TestClient msgpack = new TestClient();
            Session binary = f.connect(client, msgpack, "wamp.2.msgpack");
            byte[] bytes = new byte[1024 * 1024];
            Arrays.fill(bytes, (byte) 7);
            binary.sendBinary(ByteBuffer.wrap(bytes), Callback.NOOP);
            assertThat((byte[]) msgpack.next()).isEqualTo(bytes);
        }
    }

    @Test
    void noIdleTimeoutAfterTheUpgradeOnDefaults() throws Exception {
        try (Fixture f = Fixture.started()) {
            f.connect(client, new TestClient(), "wamp.2.json");
            Poll.until("connection registered", () -> f.component.transport().connectionCount() == 1);
            WampEndpoint endpoint = f.component.transport().connections().iterator().next();
            // Jetty's default would close an idle session after 30 s; Crossbar has no idle timeout.
            assertThat(endpoint.session().getIdleTimeout()).isEqualTo(Duration.ZERO);
            // Before the upgrade: the default open handshake timeout.
            assertThat(f.component.transport().connectorIdleTimeout()).isEqualTo(10_000);
        }
        try (Fixture f = Fixture.started("options.open_handshake_timeout", 2000)) {
            assertThat(f.component.transport().connectorIdleTimeout()).isEqualTo(2000);
            f.connect(client, new TestClient(), "wamp.2.json");
            Poll.until("connection registered", () -> f.component.transport().connectionCount() == 1);
            WampEndpoint endpoint = f.component.transport().connections().iterator().next();
            assertThat(endpoint.session().getIdleTimeout()).isEqualTo(Duration.ZERO);
        }
    }

    @Test
    void messageOverMaxMessageSizeClosesWith1009() throws Exception {
        try (Fixture f = Fixture.started("options.max_message_size", 1024)) {
            TestClient endpoint = new TestClient();
            Session session = f.connect(client, endpoint, "wamp.2.json");
            session.sendText("a".repeat(1024), Callback.NOOP);
            assertThat(endpoint.next()).isEqualTo("a".repeat(1024));
            session.sendText("b".repeat(1025), Callback.NOOP);
            assertThat(endpoint.awaitClose()).isEqualTo(StatusCode.MESSAGE_TOO_LARGE);
            FakeRouter.Handle handle = f.router.handle(1);
            Poll.until("router told", () -> handle.closeCalls.get() == 1);
            assertThat(handle.closeCode).isEqualTo(1009);
        }
    }

    @Test
    void frameOverMaxFrameSizeClosesWith1009AndOutgoingFramesStayWithinIt() throws Exception {
        try (Fixture f = Fixture.started("options.max_frame_size", 1000, "options.max_message_size", 0)) {
            TestClient.Partial partial = new TestClient.Partial();
            Session session = f.connect(frameClient, partial, "wamp.2.json");
            session.sendPartialText("a".repeat(1000), false, Callback.NOOP);
            session.sendPartialText("b".repeat(1000), true, Callback.NOOP);
            assertThat(partial.messages.poll(10, TimeUnit.SECONDS)).hasSize(2000);
            assertThat(partial.frames).hasSize(2).allMatch(frame -> frame.length() == 1000);

            TestClient endpoint = new TestClient();
            Session other = f.connect(client, endpoint, "wamp.2.json");
            other.sendText("c".repeat(1001), Callback.NOOP);
            assertThat(endpoint.awaitClose()).isEqualTo(StatusCode.MESSAGE_TOO_LARGE);
        }
    }

    @Test
    void fragmentedMessagesAreJoinedWithinMaxMessageSize() throws Exception {
        try (Fixture f = Fixture.started("options.max_message_size", 1024)) {
            TestClient endpoint = new TestClient();
            Session session = f.connect(client, endpoint, "wamp.2.json");
            String euro = "\u20ac".repeat(300); // 900 bytes, fragments cut inside the three-byte sequences
            session.sendPartialText(euro.substring(0, 100), false, Callback.NOOP);
            session.sendPing(ByteBuffer.wrap(new byte[] {7}), Callback.NOOP); // a control frame between fragments
            session.sendPartialText(euro.substring(100), true, Callback.NOOP);
            assertThat(endpoint.next()).isEqualTo(euro);

            TestClient binary = new TestClient();
            Session msgpack = f.connect(client, binary, "wamp.2.msgpack");
            msgpack.sendPartialBinary(ByteBuffer.wrap(new byte[] {1, 2}), false, Callback.NOOP);
            msgpack.sendPartialBinary(ByteBuffer.wrap(new byte[] {3}), true, Callback.NOOP);
            assertThat((byte[]) binary.next()).containsExactly(1, 2, 3);

            session.sendPartialText("a".repeat(1000), false, Callback.NOOP);
            session.sendPartialText("b".repeat(25), true, Callback.NOOP);
            assertThat(endpoint.awaitClose()).isEqualTo(StatusCode.MESSAGE_TOO_LARGE);
            assertThat(f.router.handle(1).messages).hasSize(1);
        }
    }

    @Test
    void malformedUtf8InATextMessageClosesWith1007() throws Exception {
        try (Fixture f = Fixture.started()) {
            TestClient endpoint = new TestClient();
            Session session = f.connect(client, endpoint, "wamp.2.json");
            CoreSession core = ((WebSocketSession) session).getCoreSession();
            // the client API only sends Strings: a raw frame with a UTF-16 surrogate encoded as UTF-8
            core.sendFrame(new org.eclipse.jetty.websocket.core.Frame(OpCode.TEXT)
                    .setPayload(ByteBuffer.wrap(new byte[] {'[', (byte) 0xED, (byte) 0xA0, (byte) 0x80, ']'})),
                    org.eclipse.jetty.util.Callback.NOOP, false);
            assertThat(endpoint.awaitClose()).isEqualTo(StatusCode.BAD_PAYLOAD);
            FakeRouter.Handle handle = f.router.handle(1);
            Poll.until("router told", () -> handle.closeCalls.get() == 1);
            assertThat(handle.messages).isEmpty();
        }
    }

    @Test
    void theTransportsDebugOptionReachesTheRouterThroughTheConnection() throws Exception {
        try (Fixture f = Fixture.started("debug", true)) {
            f.connect(client, new TestClient(), "wamp.2.json");
            f.connect(client, new TestClient(), "wamp.2.json.batched");
            Poll.until("both opened", () -> f.router.handles.size() == 2);
            assertThat(f.router.handles).allMatch(h -> h.connection.debug());
        }
        try (Fixture f = Fixture.started()) {
            f.connect(client, new TestClient(), "wamp.2.json");
            assertThat(f.router.handle(1).connection.debug()).isFalse();
        }
    }

    @Test
    void pingsAreAnsweredWithTheirPayload() throws Exception {
        try (Fixture f = Fixture.started()) {
            TestClient endpoint = new TestClient();
            Session session = f.connect(client, endpoint, "wamp.2.json");
            session.sendPing(ByteBuffer.wrap("junction".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
            session.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
            Poll.until("two pongs", () -> endpoint.pongs.size() == 2);
            assertThat(StandardCharsets.UTF_8.decode(endpoint.pongs.get(0)).toString()).isEqualTo("junction");
            assertThat(endpoint.pongs.get(1).remaining()).isZero();
            session.sendText("[1]", Callback.NOOP);
            assertThat(endpoint.next()).isEqualTo("[1]");
        }
    }

    @Test
    void autoFragmentSizeCutsOutgoingMessages() throws Exception {
        try (Fixture f = Fixture.started("options.auto_fragment_size", 1000)) {
            TestClient.Partial partial = new TestClient.Partial();
            Session session = f.connect(frameClient, partial, "wamp.2.json");
            String message = "é".repeat(2500); // 5000 bytes: fragments cut inside UTF-8 sequences are fine
            session.sendText(message, Callback.NOOP);
            assertThat(partial.messages.poll(10, TimeUnit.SECONDS)).isEqualTo(message);
            assertThat(partial.frames).hasSize(5);
        }
    }

    // ---- frames and the router

    @Test
    void wrongFrameTypeReachesTheRouter() throws Exception {
        try (Fixture f = Fixture.started()) {
            Session json = f.connect(client, new TestClient(), "wamp.2.json");
            json.sendBinary(ByteBuffer.wrap(new byte[] { 1, 2 }), Callback.NOOP);
            Session msgpack = f.connect(client, new TestClient(), "wamp.2.msgpack");
            msgpack.sendText("[1]", Callback.NOOP);
            Poll.until("both reported", () -> f.router.handles.size() == 2
                    && f.router.handles.stream().allMatch(h -> h.wrongFrames.size() == 1));
            for (FakeRouter.Handle handle : f.router.handles) {
                assertThat(handle.wrongFrames.get(0)).startsWith(handle.request.serializer().isBinary()
                        ? "text frame on subprotocol wamp.2.msgpack" : "binary frame on subprotocol wamp.2.json");
            }
            assertThat(f.router.handles).allMatch(h -> h.messages.isEmpty());
        }
    }

    @Test
    void concurrentSendersKeepTheirOrderAndCloseComesAfterEverything() throws Exception {
        int threads = 4;
        int perThread = 500;
        try (Fixture f = Fixture.started()) {
            f.router.onOpen = handle -> new Thread(() -> {
                List<Thread> senders = new ArrayList<>();
                CountDownLatch start = new CountDownLatch(1);
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    Thread sender = new Thread(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int i = 0; i < perThread; i++) {
                            handle.connection.send((id + ":" + i).getBytes(StandardCharsets.UTF_8));
                        }
                    });
                    sender.start();
                    senders.add(sender);
                }
                start.countDown();
                for (Thread sender : senders) {
                    try {
                        sender.join();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                handle.connection.close(1000, "done");
                handle.connection.send("after close".getBytes(StandardCharsets.UTF_8));
            }).start();
            TestClient endpoint = new TestClient();
            f.connect(client, endpoint, "wamp.2.json");
            assertThat(endpoint.awaitClose()).isEqualTo(1000);
            assertThat(endpoint.closeReason).isEqualTo("done");
            int[] next = new int[threads];
            List<Object> received = new ArrayList<>(endpoint.messages);
            assertThat(received).hasSize(threads * perThread);
            for (Object message : received) {
                String[] parts = ((String) message).split(":");
                int id = Integer.parseInt(parts[0]);
                assertThat(Integer.parseInt(parts[1])).isEqualTo(next[id]++);
            }
        }
    }

    @Test
    void closeCodeIsNotEchoedUnlessConfigured() throws Exception {
        try (Fixture f = Fixture.started()) {
            TestClient endpoint = new TestClient();
            Session session = f.connect(client, endpoint, "wamp.2.json");
            session.close(4000, "mine", Callback.NOOP);
            assertThat(endpoint.awaitClose()).isEqualTo(1000);
            FakeRouter.Handle handle = f.router.handle(1);
            Poll.until("router told", () -> handle.closeCalls.get() == 1);
            assertThat(handle.closeCode).isEqualTo(4000);
            assertThat(handle.closeReason).isEqualTo("mine");
        }
        try (Fixture f = Fixture.started("options.echo_close_codereason", true)) {
            TestClient endpoint = new TestClient();
            Session session = f.connect(client, endpoint, "wamp.2.json");
            session.close(4000, "mine", Callback.NOOP);
            assertThat(endpoint.awaitClose()).isEqualTo(4000);
            assertThat(endpoint.closeReason).isEqualTo("mine");
        }
    }

    @Test
    void autoPingDropsAPeerThatDoesNotAnswer() throws Exception {
        try (Fixture f = Fixture.started("options.auto_ping_interval", 1000, "options.auto_ping_timeout", 1000,
                "options.auto_ping_size", 20)) {
            TestClient.Answering answering = new TestClient.Answering();
            f.connect(client, answering, "wamp.2.json");
            FakeRouter.Handle answeringHandle = f.router.handle(1);
            TestClient.Mute mute = new TestClient.Mute();
            f.connect(client, mute, "wamp.2.json");
            FakeRouter.Handle muteHandle = f.router.handle(2);

            Poll.until("the mute peer is dropped", Duration.ofSeconds(10), () -> muteHandle.closeCalls.get() == 1);
            assertThat(muteHandle.closeCode).isEqualTo(1006);
            assertThat(muteHandle.closeReason).isEqualTo("auto-ping timeout");
            assertThat(mute.pings).isNotEmpty().allMatch(p -> p.remaining() == 20);
            Poll.until("the answering peer got a second ping", () -> answering.pings.size() >= 2);
            assertThat(answeringHandle.closeCalls.get()).isZero();
        }
    }

    // ---- lifecycle

    @Test
    void serializerUnbindShutsDownOnlyItsSessionsAndBindOffersANewOne() throws Exception {
        try (Fixture f = new Fixture(Map.of(), FakeSerializer.JSON)) {
            assertThat(f.http(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.msgpack"))).startsWith("HTTP/1.1 400");
            f.component.bindSerializer(FakeSerializer.MSGPACK, FakeSerializer.MSGPACK.properties());

            TestClient jsonClient = new TestClient();
            Session json = f.connect(client, jsonClient, "wamp.2.json");
            FakeRouter.Handle jsonHandle = f.router.handle(1);
            TestClient msgpackClient = new TestClient();
            f.connect(client, msgpackClient, "wamp.2.msgpack");
            FakeRouter.Handle msgpackHandle = f.router.handle(2);

            f.component.unbindSerializer(FakeSerializer.MSGPACK, FakeSerializer.MSGPACK.properties());
            assertThat(msgpackHandle.shutdowns).containsExactly(WampUris.CLOSE_SYSTEM_SHUTDOWN);
            assertThat((byte[]) msgpackClient.next()).isEqualTo(FakeRouter.GOODBYE);
            assertThat(msgpackClient.awaitClose()).isEqualTo(1001);
            assertThat(f.http(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.msgpack"))).startsWith("HTTP/1.1 400");

            assertThat(jsonHandle.shutdowns).isEmpty();
            json.sendText("[1]", Callback.NOOP);
            assertThat(jsonClient.next()).isEqualTo("[1]");
        }
    }

    @Test
    void deactivateShutsDownEverySessionBeforeClosing() throws Exception {
        Fixture f = Fixture.started();
        int port = f.port();
        List<TestClient> clients = List.of(new TestClient(), new TestClient(), new TestClient());
        for (TestClient c : clients) {
            f.connect(client, c, "wamp.2.json");
        }
        Poll.until("three open", () -> f.component.transport().connectionCount() == 3);
        f.close();
        assertThat(f.router.handles).hasSize(3).allSatisfy(handle -> {
            assertThat(handle.shutdowns).containsExactly(WampUris.CLOSE_SYSTEM_SHUTDOWN);
            assertThat(handle.closeCalls.get()).isEqualTo(1);
        });
        for (TestClient c : clients) {
            assertThat(new String((String) c.next())).isEqualTo(new String(FakeRouter.GOODBYE, StandardCharsets.UTF_8));
            assertThat(c.awaitClose()).isIn(1001, 1006);
        }
        assertThat(f.component.status().state()).isEqualTo(TransportStatus.State.STOPPED);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @Test
    void deactivateIsBoundedWhenTheRouterNeverFinishes() throws Exception {
        Fixture f = Fixture.started();
        f.component.shutdownTimeout = Duration.ofMillis(300);
        f.router.completeShutdown = false;
        TestClient endpoint = new TestClient();
        f.connect(client, endpoint, "wamp.2.json");
        Poll.until("open", () -> f.component.transport().connectionCount() == 1);
        FakeRouter.Handle handle = f.router.handle(1);
        long start = System.nanoTime();
        f.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(handle.shutdowns).hasSize(1);
        assertThat(handle.closeCalls.get()).isEqualTo(1);
        endpoint.awaitClose();
    }

    @Test
    void refusedConfigurationFailsWithoutSocketOrException() {
        Map<String, Object> config = new HashMap<>(Map.of("options.auto_ping_size", 5));
        try (Fixture f = new Fixture(config, FakeSerializer.JSON)) {
            TransportStatus status = f.component.status();
            assertThat(status.state()).isEqualTo(TransportStatus.State.FAILED);
            assertThat(status.endpoint()).isNull();
            assertThat(status.error()).isEqualTo("Configuration " + Fixture.PID
                    + " refused: options.auto_ping_size=5, allowed 12..125");
            assertThat(f.component.transport()).isNull();
        }
    }

    @Test
    void portInUseIsReportedLikeARefusedConfiguration() throws Exception {
        try (Fixture first = Fixture.started()) {
            int port = first.port();
            try (Fixture second = new Fixture(Map.of("endpoint.port", port), FakeSerializer.JSON)) {
                TransportStatus status = second.component.status();
                assertThat(status.state()).isEqualTo(TransportStatus.State.FAILED);
                assertThat(status.error()).isEqualTo("Configuration " + Fixture.PID + " refused: endpoint.port=" + port
                        + ", port in use");
            }
            TestClient endpoint = new TestClient();
            first.connect(client, endpoint, "wamp.2.json").sendText("[1]", Callback.NOOP);
            assertThat(endpoint.next()).isEqualTo("[1]");
            assertThat(first.component.status().state()).isEqualTo(TransportStatus.State.RUNNING);
        }
    }

    @Test
    void modifiedAppliesOptionsToNewConnectionsAndRebindsForEndpointChanges() throws Exception {
        try (Fixture f = Fixture.started()) {
            int port = f.port();
            TestClient old = new TestClient();
            Session oldSession = f.connect(client, old, "wamp.2.json");

            f.modify("options.max_message_size", 1024, "debug", true);
            assertThat(f.port()).isEqualTo(port);
            TestClient fresh = new TestClient();
            f.connect(client, fresh, "wamp.2.json").sendText("x".repeat(2000), Callback.NOOP);
            assertThat(fresh.awaitClose()).isEqualTo(1009);
            oldSession.sendText("y".repeat(2000), Callback.NOOP);
            assertThat(old.next()).isEqualTo("y".repeat(2000));

            f.modify("options.auto_ping_size", 5); // refused: the running listener stays
            assertThat(f.component.status().state()).isEqualTo(TransportStatus.State.RUNNING);
            assertThat(f.component.status().error()).contains("options.auto_ping_size=5")
                    .contains("previous configuration stays in force");

            f.modify("options.auto_ping_size", 12, "endpoint.backlog", 10); // endpoint change: new listener
            assertThat(f.router.handle(1).shutdowns).containsExactly(WampUris.CLOSE_SYSTEM_SHUTDOWN);
            assertThat(old.awaitClose()).isIn(1001, 1006);
            assertThat(f.component.status().state()).isEqualTo(TransportStatus.State.RUNNING);
            assertThat(f.component.status().error()).isNull();
            TestClient again = new TestClient();
            f.connect(client, again, "wamp.2.json").sendText("z", Callback.NOOP);
            assertThat(again.next()).isEqualTo("z");
        }
    }
}
