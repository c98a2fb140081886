package dev.junction.transport.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.junction.transport.websocket.mount.WebSocketMount;

/**
 * The WebSocket endpoint mounted on a host's server ({@link WebSocketMountsComponent}, what the web transport's
 * {@code websocket} path uses): the same keys and the same handshake as a listener, no connector of its own.
 */
class WebSocketMountsTest {
    private final FakeRouter router = new FakeRouter();
    private final WebSocketMountsComponent mounts = new WebSocketMountsComponent();
    private final Server host = new Server();
    private final WebSocketClient client = new WebSocketClient();
    private ServerConnector connector;

    @BeforeEach
    void start() throws Exception {
        mounts.bindRouter(router);
        mounts.bindSerializer(FakeSerializer.JSON, FakeSerializer.JSON.properties());
        connector = new ServerConnector(host);
        connector.setHost("127.0.0.1");
        host.addConnector(connector);
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        mounts.deactivate();
        host.stop();
    }

    private WebSocketMount mount(Object... keyValues) throws Exception {
        WebSocketMount mount = mounts.mount(host, Fixture.map(keyValues));
        host.setHandler(mount.handler());
        host.start();
        return mount;
    }

    private String http(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                response.write(buffer, 0, n);
                String text = response.toString(StandardCharsets.UTF_8);
                if (text.startsWith("HTTP/1.1 101") && text.contains("\r\n\r\n")) {
                    return text;
                }
            }
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void mountedEndpointHandsConnectionsToTheRouterUnderTheHostsId() throws Exception {
        WebSocketMount mount = mount("service.pid", "dev.junction.transport.web.path~ws", "id", "web1",
                "type", "websocket");
        TestClient peer = new TestClient();
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        request.setSubProtocols("wamp.2.json");
        Session session = client.connect(peer, URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/app/ws"),
                request).get(10, TimeUnit.SECONDS);
        FakeRouter.Handle handle = router.handle(1);
        assertThat(router.requests.get(0).transportId()).isEqualTo("web1");
        assertThat(router.requests.get(0).path()).isEqualTo("/app/ws");
        session.sendText("[1,\"realm1\",{}]", org.eclipse.jetty.websocket.api.Callback.NOOP);
        Poll.until("message reached the router", () -> handle.messages.size() == 1);
        assertThat(mount.connectionCount()).isEqualTo(1);

        // stop winds the session down; the host keeps running
        mount.stop(Duration.ofSeconds(2));
        assertThat(handle.shutdowns).isNotEmpty();
        assertThat(host.isRunning()).isTrue();
    }

    @Test
    void theListenersChecksApplyOriginsAndSubprotocols() throws Exception {
        mount("id", "web1", "options.allowed_origins", new String[] { "https://good.example" });
        assertThat(http(Fixture.upgrade("Origin: https://evil.example", "Sec-WebSocket-Protocol: wamp.2.json")))
                .startsWith("HTTP/1.1 403");
        assertThat(http(Fixture.upgrade("Origin: https://good.example", "Sec-WebSocket-Protocol: mqtt")))
                .startsWith("HTTP/1.1 400");
        assertThat(http(Fixture.upgrade("Origin: https://good.example", "Sec-WebSocket-Protocol: wamp.2.json")))
                .startsWith("HTTP/1.1 101");
        // a plain GET gets the status page
        assertThat(http("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200").contains("web1");
    }

    @Test
    void badKeysAreRefusedWithTheirPid() {
        assertThatThrownBy(() -> mounts.check(Fixture.map("service.pid", "dev.junction.transport.web.path~ws",
                "options.auto_ping_size", 5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dev.junction.transport.web.path~ws").hasMessageContaining("options.auto_ping_size=5");
    }
}
