package dev.junction.transport.websocket.internal;

import dev.junction.spi.config.ConfigValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.WampUris;
import dev.junction.transport.endpoint.EndpointConnectors;
import dev.junction.transport.endpoint.EndpointException;
import dev.junction.transport.endpoint.EndpointSettings;
import dev.junction.transport.endpoint.ListenerLifecycle;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.transport.WampRouter;
import dev.junction.transport.endpoint.SerializerRegistry;

/**
 * One listening WebSocket transport: its own Jetty {@link Server} (thread pool {@code junction-ws-<id>}), one
 * connector (TCP, TLS or unix socket, built by the shared {@link EndpointConnectors}) and the handler chain {@code Server header -> WebSocket upgrade ("/*") -> status
 * page}. The endpoint settings are fixed for its life; everything else can be replaced with {@link #apply} and
 * reaches the next handshake.
 *
 * <p>Jetty's WebSocket defaults differ from Crossbar's and are all set explicitly from the options: no idle timeout
 * on upgraded connections (Jetty closes after 30 s), message and frame limits from {@code max_message_size} and
 * {@code max_frame_size} (Jetty caps at 64 KiB; 0 here is really unlimited), extensions only as
 * {@link DeflateNegotiation} decides, no Jetty {@code Server} header.
 */
final class JettyTransport implements ListenerLifecycle.Running<TransportSettings> {

    private static final Logger LOG = LoggerFactory.getLogger(JettyTransport.class);

    private final WampRouter router;
    private final SerializerRegistry serializers;
    private final Set<WampEndpoint> open = ConcurrentHashMap.newKeySet();
    private final Set<WampEndpoint> pending = ConcurrentHashMap.newKeySet();
    private final CookieTracking cookies;

    private volatile TransportSettings settings;
    private volatile OriginPolicy originPolicy;
    private volatile boolean closing;

    private Server server;
    private AbstractConnector connector;
    private volatile ServerWebSocketContainer container;
    private Scheduler scheduler;

    JettyTransport(TransportSettings settings, WampRouter router, SerializerRegistry serializers) {
        this(settings, router, serializers, () -> null);
    }

    /** @param sharedCookies the cluster's shared cookie stores while there are (else {@code null}) */
    JettyTransport(TransportSettings settings, WampRouter router, SerializerRegistry serializers,
            java.util.function.Supplier<dev.junction.transport.cookie.SharedCookieStores> sharedCookies) {
        this.cookies = new CookieTracking(sharedCookies);
        this.settings = settings;
        this.originPolicy = new OriginPolicy(settings.options().allowedOrigins(), settings.options().allowNullOrigin());
        this.router = router;
        this.serializers = serializers;
    }

    /**
     * Binds and starts. On failure nothing stays open.
     *
     * @throws TransportSettings.RefusedException with the log line (e.g. {@code endpoint.port=8080, port in use})
     */
    void start() throws TransportSettings.RefusedException {
        cookies.update(settings);
        EndpointSettings endpoint = settings.endpoint();
        String name = "junction-ws-" + settings.id();
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName(name);
        ScheduledExecutorScheduler timers = new ScheduledExecutorScheduler(name + "-scheduler", true);
        scheduler = timers;
        server = new Server(threads, timers, null);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        HttpConnectionFactory factory = new HttpConnectionFactory(http);
        try {
            connector = EndpointConnectors.create(server, endpoint, factory);
        } catch (EndpointException e) {
            server = null;
            cookies.close();
            throw new TransportSettings.RefusedException(ConfigValidator.refusal(settings.pid(), e.getMessage()));
        }
        applyConnectorOptions(settings.options());
        server.addConnector(connector);

        WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, c -> {
            container = c;
            applyContainerOptions(c, settings.options());
            c.addMapping("/*", new UpgradeCreator(this));
        });
        upgrade.setHandler(new HttpHandlers.StatusPage(this));
        server.setHandler(new HttpHandlers.ServerHeader(this, upgrade));
        server.setStopTimeout(0);

        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            cookies.close();
            throw new TransportSettings.RefusedException(
                    ConfigValidator.refusal(settings.pid(), EndpointConnectors.bindProblem(endpoint, e)));
        }
    }

    /**
     * Mounts this endpoint on another transport's running {@link Server} instead of starting one (the web
     * transport's {@code websocket} path service): the same upgrade handling and status page, without a connector
     * of its own; the host routes requests for the path here. The endpoint's connector options
     * ({@code open_handshake_timeout}, {@code tcp_nodelay}) belong to the host then. {@link #stop} winds the
     * sessions down and leaves the host's server running.
     */
    Handler mount(Server host) throws TransportSettings.RefusedException {
        cookies.update(settings); // cookie tracking (and its store) works on a mounted path as on a listener
        scheduler = host.getScheduler();
        WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(host, c -> {
            container = c;
            applyContainerOptions(c, settings.options());
            c.addMapping("/*", new UpgradeCreator(this));
        });
        upgrade.setHandler(new HttpHandlers.StatusPage(this));
        return upgrade;
    }

    /** Takes new settings that need no new socket; open connections keep the values they started with. */
    @Override
    public void apply(TransportSettings newSettings) {
        settings = newSettings;
        originPolicy = new OriginPolicy(newSettings.options().allowedOrigins(), newSettings.options().allowNullOrigin());
        try {
            cookies.update(newSettings);
        } catch (TransportSettings.RefusedException e) {
            LOG.error("{} (cookie tracking keeps its previous settings)", e.getMessage());
        }
        applyConnectorOptions(newSettings.options());
        if (container != null) {
            applyContainerOptions(container, newSettings.options());
        }
    }

    private void applyConnectorOptions(TransportSettings.Options options) {
        if (connector == null) {
            return; // mounted on a host's server: its connector is not ours
        }
        // Before the upgrade the HTTP connection's idle timeout is the open handshake timeout (0 = none); the
        // WebSocket session replaces it with its own (none) once upgraded.
        connector.setIdleTimeout(options.openHandshakeTimeout());
        if (connector instanceof ServerConnector tcp) {
            tcp.setAcceptedTcpNoDelay(options.tcpNoDelay());
        }
    }

    static void applyContainerOptions(ServerWebSocketContainer container, TransportSettings.Options options) {
        // Crossbar has no WebSocket idle timeout; dead peers are found by auto-ping (AutoPing), not by Jetty.
        container.setIdleTimeout(Duration.ZERO);
        container.setMaxTextMessageSize(options.maxMessageSize());
        container.setMaxBinaryMessageSize(options.maxMessageSize());
        container.setMaxFrameSize(options.maxFrameSize());
        // With a frame limit, a bigger inbound frame is an error (1009), as in Crossbar. Without one, Jetty must be
        // allowed to split frames as they arrive, or it would buffer a frame of any announced length at once.
        // Outbound frames never exceed the limit: QueuedConnection fragments at it.
        container.setAutoFragment(options.maxFrameSize() == 0);
    }

    /**
     * Stops: refuses new handshakes, asks the router to wind down every open session
     * ({@code wamp.close.system_shutdown}), waits for that and for the close frames within the shutdown timeout
     * ({@code shutdownTimeout} in total, 10 s from the component), then stops Jetty. Every session the router still
     * knows is told it is closed.
     */
    void stop(Duration shutdownTimeout) {
        closing = true;
        if (connector instanceof org.eclipse.jetty.server.NetworkConnector network) {
            // Close the listening socket now, not when Jetty stops: a connection the acceptor took while the
            // selector was stopping was never closed (a descriptor left in CLOSE_WAIT, found by the leak-cycle
            // test), and new clients are refused at once instead of waiting in the backlog during the GOODBYEs.
            network.close();
        } else if (connector != null) {
            connector.setAccepting(false);
        }
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        for (WampEndpoint endpoint : open) {
            stages.add(endpoint.shutdown(WampUris.CLOSE_SYSTEM_SHUTDOWN).toCompletableFuture());
        }
        if (!await(stages, deadline)) {
            LOG.warn("Transport {}: not every session finished its shutdown within {} ms; closing anyway",
                    settings.id(), shutdownTimeout.toMillis());
        }
        List<CompletableFuture<Void>> closes = new ArrayList<>();
        open.forEach(endpoint -> closes.add(endpoint.closeWrittenOrClosed()));
        await(closes, deadline);
        stopQuietly();
        for (WampEndpoint endpoint : List.copyOf(open)) {
            endpoint.closed(StatusCode.SHUTDOWN, "transport stopped");
        }
        for (WampEndpoint endpoint : List.copyOf(pending)) {
            endpoint.upgradeFailed(null);
        }
        cookies.close();
    }

    private static boolean await(List<CompletableFuture<Void>> futures, long deadline) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void stopQuietly() {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            LOG.warn("Transport {}: error stopping Jetty", settings.id(), e);
        }
    }

    /** A serializer went away: its sessions are wound down (GOODBYE); the offer no longer contains it. */
    void serializerRemoved(Serializer serializer) {
        for (WampEndpoint endpoint : open) {
            if (endpoint.serializer() == serializer) {
                endpoint.shutdown(WampUris.CLOSE_SYSTEM_SHUTDOWN);
            }
        }
    }

    // ---- used by UpgradeCreator, WampEndpoint and the handlers

    TransportSettings settings() {
        return settings;
    }

    String id() {
        return settings.id();
    }

    boolean debug() {
        return settings.debug();
    }

    /** The transport's cookie tracking (off when it has no {@code cookie.*} keys). */
    CookieTracking cookies() {
        return cookies;
    }

    OriginPolicy originPolicy() {
        return originPolicy;
    }

    boolean closing() {
        return closing;
    }

    WampRouter router() {
        return router;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    List<Serializer> offer() {
        return serializers.offer(settings.serializers());
    }

    String serverHeader() {
        return settings.options().showServerVersion() ? "Junction/" + ServerVersion.VALUE : "Junction";
    }

    void pending(WampEndpoint endpoint) {
        pending.add(endpoint);
    }

    void pendingDone(WampEndpoint endpoint) {
        pending.remove(endpoint);
    }

    void opened(WampEndpoint endpoint) {
        open.add(endpoint);
        // Raced with stop() or with the removal of its serializer (both change state first, then walk `open`):
        // wind it down too. Whichever side comes second sees the other.
        if (closing || !serializers.isRegistered(endpoint.serializer())) {
            endpoint.shutdown(WampUris.CLOSE_SYSTEM_SHUTDOWN);
        }
    }

    void closed(WampEndpoint endpoint) {
        open.remove(endpoint);
    }

    /** Open connections (tests inspect them). */
    Set<WampEndpoint> connections() {
        return Set.copyOf(open);
    }

    @Override
    public int connectionCount() {
        return open.size();
    }

    /** The bound port (useful with {@code endpoint.port=0}), or -1 for a unix socket. */
    int localPort() {
        return EndpointConnectors.localPort(connector);
    }

    @Override
    public String describeEndpoint() {
        return settings.endpoint().describe(localPort());
    }

    /** The idle timeout (ms) of HTTP connections before their upgrade. */
    long connectorIdleTimeout() {
        return connector.getIdleTimeout();
    }
}
