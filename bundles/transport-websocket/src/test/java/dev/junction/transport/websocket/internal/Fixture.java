package dev.junction.transport.websocket.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** One transport component run outside OSGi on a free port, with a {@link FakeRouter}. */
final class Fixture implements AutoCloseable {
    static final String PID = TransportSettings.PID + "~test";

    final FakeRouter router = new FakeRouter();
    final WebSocketTransportComponent component = new WebSocketTransportComponent();
    final Map<String, Object> properties = new HashMap<>();

    Fixture(Map<String, ?> config, FakeSerializer... serializers) {
        component.bindRouter(router);
        for (FakeSerializer serializer : serializers) {
            component.bindSerializer(serializer, serializer.properties());
        }
        properties.put("service.pid", PID);
        properties.put("endpoint.port", 0);
        properties.putAll(config);
        component.activate(properties);
    }

    /** json and msgpack, with the given configuration. */
    static Fixture started(Object... keyValues) {
        return new Fixture(map(keyValues), FakeSerializer.JSON, FakeSerializer.MSGPACK);
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    void modify(Object... keyValues) {
        properties.putAll(map(keyValues));
        component.modified(new HashMap<>(properties));
    }

    int port() {
        return component.transport().localPort();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + port() + "/ws");
    }

    Session connect(WebSocketClient client, Object endpoint, String... subprotocols) throws Exception {
        return connect(client, endpoint, new ClientUpgradeRequest(), subprotocols);
    }

    Session connect(WebSocketClient client, Object endpoint, ClientUpgradeRequest request, String... subprotocols)
            throws Exception {
        if (subprotocols.length > 0) {
            request.setSubProtocols(subprotocols);
        }
        return client.connect(endpoint, uri(), request).get(10, TimeUnit.SECONDS);
    }

    /** Sends a raw HTTP/1.1 request and reads the whole response (every non-101 answer closes the connection). */
    String http(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
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
                    return text; // upgraded: the connection stays open
                }
            }
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    /** A WebSocket upgrade request for {@code /ws} with extra header lines. */
    static String upgrade(String... headerLines) {
        StringBuilder request = new StringBuilder("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    @Override
    public void close() {
        component.deactivate();
    }
}
