package dev.junction.transport.web.internal;

import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import dev.junction.spi.config.ConfigValidator;
import dev.junction.transport.endpoint.EndpointConnectors;
import dev.junction.transport.endpoint.EndpointException;
import dev.junction.transport.endpoint.ListenerLifecycle;

/**
 * One listening web transport: its own Jetty {@link Server} (thread pool {@code junction-web-<id>}), one connector
 * built by the shared {@link EndpointConnectors} (TCP, TLS or unix socket, exactly as the WebSocket transport's),
 * and the chain {@code Server header + HSTS -> path dispatcher}, with Jetty's request log when
 * {@code options.access_log} is on. Path services are mounted and unmounted while it runs.
 */
final class WebServer implements ListenerLifecycle.Running<WebSettings> {
    static final String ACCESS_LOGGER = "dev.junction.transport.web.access";

    private volatile WebSettings settings;
    private final IntSupplier connections;
    private final PathDispatcher dispatcher = new PathDispatcher();
    private Headers headers;
    private Server server;
    private AbstractConnector connector;

    /**
     * @param connections counts the WebSocket sessions of the paths mounted on this server (the component that mounts
     *        them knows them)
     */
    WebServer(WebSettings settings, IntSupplier connections) {
        this.settings = settings;
        this.connections = connections;
    }

    /** @throws WebSettings.RefusedException with the log line (e.g. port in use); nothing stays open */
    void start() throws WebSettings.RefusedException {
        String name = "junction-web-" + settings.id();
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName(name);
        server = new Server(threads, new ScheduledExecutorScheduler(name + "-scheduler", true), null);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        try {
            connector = EndpointConnectors.create(server, settings.endpoint(), new HttpConnectionFactory(http));
        } catch (EndpointException e) {
            server = null;
            throw new WebSettings.RefusedException(ConfigValidator.refusal(settings.pid(), e.getMessage()));
        }
        server.addConnector(connector);
        headers = new Headers(settings, dispatcher);
        server.setHandler(headers);
        applyOptions(settings);
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            stop();
            throw new WebSettings.RefusedException(ConfigValidator.refusal(settings.pid(),
                    EndpointConnectors.bindProblem(settings.endpoint(), e)));
        }
    }

    /** Takes new web options (same endpoint and id): the next request sees them. */
    @Override
    public void apply(WebSettings newSettings) {
        settings = newSettings;
        headers.settings = newSettings;
        applyOptions(newSettings);
    }

    private void applyOptions(WebSettings options) {
        // Crossbar's client_timeout: idle HTTP connections are closed after it; upgraded WebSocket connections
        // have no idle timeout of their own (auto-ping finds dead peers).
        connector.setIdleTimeout(options.clientTimeout() * 1000L);
        if (options.accessLog()) {
            Slf4jRequestLogWriter writer = new Slf4jRequestLogWriter();
            writer.setLoggerName(ACCESS_LOGGER);
            server.setRequestLog(new CustomRequestLog(writer, CustomRequestLog.EXTENDED_NCSA_FORMAT));
        } else {
            server.setRequestLog(null);
        }
    }

    WebSettings settings() {
        return settings;
    }

    long idleTimeout() {
        return connector.getIdleTimeout();
    }

    void stop() {
        try {
            if (connector instanceof NetworkConnector network) {
                network.close();
            }
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(WebServer.class).warn("Transport {}: error stopping Jetty",
                    settings.id(), e);
        }
    }

    Server server() {
        return server;
    }

    void mount(String path, Handler handler) throws Exception {
        dispatcher.mount(path, handler);
    }

    void unmount(String path, Handler handler) throws Exception {
        dispatcher.unmount(path, handler);
    }

    int localPort() {
        return EndpointConnectors.localPort(connector);
    }

    @Override
    public String describeEndpoint() {
        return settings.endpoint().describe(localPort());
    }

    @Override
    public int connectionCount() {
        return connections.getAsInt();
    }

    /** Shutdown bound for mounted WebSocket sessions. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    /** {@code Server: Junction} on every response; {@code Strict-Transport-Security} over TLS with options.hsts. */
    static final class Headers extends Handler.Wrapper {
        private volatile WebSettings settings;

        Headers(WebSettings settings, Handler next) {
            super(next);
            this.settings = settings;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            response.getHeaders().put(HttpHeader.SERVER, "Junction");
            if (settings.hsts() && request.isSecure()) {
                response.getHeaders().put(HttpHeader.STRICT_TRANSPORT_SECURITY, "max-age=" + settings.hstsMaxAge());
            }
            return super.handle(request, response, callback);
        }
    }

    /** The status the {@code nodeinfo} service shows. */
    static Map<String, Object> status(String id, String endpoint, int paths, int webSocketConnections) {
        return Map.of("node", "junction", "transport", id, "type", "web", "endpoint", endpoint, "paths", paths,
                "websocket_connections", webSocketConnections);
    }
}
