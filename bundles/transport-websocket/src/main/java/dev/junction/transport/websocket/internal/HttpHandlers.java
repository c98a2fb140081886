package dev.junction.transport.websocket.internal;

import java.util.Locale;
import java.util.stream.Collectors;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import dev.junction.spi.serializer.Serializer;

/** The plain-HTTP side of a WebSocket transport: the {@code Server} header and the status page. */
final class HttpHandlers {
    private HttpHandlers() {
    }

    /**
     * Outermost handler: every response carries {@code Server: Junction}, or {@code Junction/<version>} with
     * {@code options.show_server_version} (Jetty's own {@code Server: Jetty(12...)} is switched off).
     */
    static final class ServerHeader extends Handler.Wrapper {
        private final JettyTransport transport;

        ServerHeader(JettyTransport transport, Handler next) {
            super(next);
            this.transport = transport;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            response.getHeaders().put(HttpHeader.SERVER, transport.serverHeader());
            return super.handle(request, response, callback);
        }
    }

    /**
     * What a request that was not upgraded gets: a small HTML page for a GET with {@code options.enable_webstatus}
     * (else 426 Upgrade Required), 400 for a WebSocket upgrade Jetty could not accept (wrong version, missing
     * headers), 405 for other methods. Every answer closes the HTTP connection, so that plain HTTP connections do
     * not linger when {@code open_handshake_timeout} is 0 (no idle timeout).
     */
    static final class StatusPage extends Handler.Abstract.NonBlocking {
        private final JettyTransport transport;

        StatusPage(JettyTransport transport) {
            this.transport = transport;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            TransportSettings settings = transport.settings();
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
            if (upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
                response.getHeaders().put(HttpHeader.SEC_WEBSOCKET_VERSION, "13");
                return text(response, callback, HttpStatus.BAD_REQUEST_400,
                        "Bad WebSocket upgrade request: this server speaks WebSocket version 13 (RFC 6455)");
            }
            if (!settings.options().enableWebstatus()) {
                response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
                return text(response, callback, HttpStatus.UPGRADE_REQUIRED_426,
                        "This is a WAMP-over-WebSocket endpoint: connect with a WebSocket client");
            }
            String method = request.getMethod();
            if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                return text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "Method not allowed");
            }
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
            Content.Sink.write(response, true, page(settings), callback);
            return true;
        }

        private String page(TransportSettings settings) {
            String subprotocols = transport.offer().stream().map(Serializer::subprotocol)
                    .collect(Collectors.joining(", "));
            return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Junction</title></head><body>\n"
                    + "<h1>" + escape(transport.serverHeader()) + "</h1>\n"
                    + "<p>This is a WAMP-over-WebSocket endpoint (transport <code>" + escape(settings.id())
                    + "</code>). Connect with a WAMP client; WebSocket subprotocols: "
                    + escape(subprotocols.isEmpty() ? "none available" : subprotocols) + ".</p>\n"
                    + "</body></html>\n";
        }

        private static boolean text(Response response, Callback callback, int status, String message) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            Content.Sink.write(response, true, message + "\n", callback);
            return true;
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
