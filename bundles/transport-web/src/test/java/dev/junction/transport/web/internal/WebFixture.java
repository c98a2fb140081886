package dev.junction.transport.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jetty.server.Handler;

/** A web transport's server on a free port (outside OSGi), with path services mounted by the test. */
final class WebFixture implements AutoCloseable {
    final WebServer server;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    WebFixture(Object... keyValues) throws Exception {
        Map<String, Object> props = map("service.pid", WebSettings.PID + "~test", "endpoint.port", 0);
        props.putAll(map(keyValues));
        server = new WebServer(WebSettings.parse(props), () -> 0);
        server.start();
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** Parses a path configuration as the path component would ({@code service.pid} and transport added). */
    static PathSettings path(Path base, Object... keyValues) throws PathSettings.RefusedException {
        Map<String, Object> props = map("service.pid", PathSettings.PID + "~p", "transport", "test");
        props.putAll(map(keyValues));
        return PathSettings.parse(props, base);
    }

    void mount(String path, Handler handler) throws Exception {
        server.mount(path, handler);
    }

    String base() {
        return "http://127.0.0.1:" + server.localPort();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String pathAndQuery, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the request target exactly as given (no client-side normalisation) and returns the raw response. */
    String raw(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.localPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
