package dev.junction.metrics.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A small HTTP listener of its own that answers {@code GET <path>} with the Prometheus text; 404 elsewhere, 405 for
 * other methods. Its own Jetty server, so that it neither shares a port with WAMP nor needs Karaf's pax-web.
 */
final class PrometheusEndpoint implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    PrometheusEndpoint(Scraper scraper, String host, int port, String path) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(4, 1);
        threads.setName("junction-metrics-http");
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!path.equals(Request.getPathInContext(request))) {
                    Response.writeError(request, response, callback, 404);
                    return true;
                }
                boolean head = HttpMethod.HEAD.is(request.getMethod());
                if (!head && !HttpMethod.GET.is(request.getMethod())) {
                    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                    Response.writeError(request, response, callback, 405);
                    return true;
                }
                byte[] body = scraper.scrape().getBytes(StandardCharsets.UTF_8);
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, Scraper.CONTENT_TYPE);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
    }

    /** The port listened on (the configured one, or the one chosen for port 0). */
    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
