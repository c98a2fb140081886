package dev.junction.transport.rawsocket.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.WampUris;
import dev.junction.spi.config.ConfigValidator;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.transport.SessionHandle;
import dev.junction.spi.transport.WampRouter;
import dev.junction.transport.endpoint.EndpointConnectors;
import dev.junction.transport.endpoint.EndpointException;
import dev.junction.transport.endpoint.ListenerLifecycle;
import dev.junction.transport.endpoint.SerializerRegistry;

/**
 * One listening RawSocket transport: its own Jetty {@link Server} (thread pool {@code junction-rs-<id>}) with one
 * connector from the shared endpoint code and a {@link RawSocketConnectionFactory}. The settings are fixed for its
 * life except those {@link #apply} replaces, which reach the next connection.
 */
final class RawSocketTransport implements ListenerLifecycle.Running<RawSocketSettings> {

    private static final Logger LOG = LoggerFactory.getLogger(RawSocketTransport.class);

    private final WampRouter router;
    private final SerializerRegistry serializers;
    private final Set<RawSocketConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<RawSocketConnection> admitted = ConcurrentHashMap.newKeySet();
    private final Set<RawSocketConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger admittedCount = new AtomicInteger();

    private volatile RawSocketSettings settings;
    private volatile boolean closing;
    private Server server;
    private AbstractConnector connector;

    RawSocketTransport(RawSocketSettings settings, WampRouter router, SerializerRegistry serializers) {
        this.settings = settings;
        this.router = router;
        this.serializers = serializers;
    }

    /** Binds and starts; on failure nothing stays open. */
    void start() throws RawSocketSettings.RefusedException {
        String name = "junction-rs-" + settings.id();
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName(name);
        server = new Server(threads, new ScheduledExecutorScheduler(name + "-scheduler", true), null);
        try {
            connector = EndpointConnectors.create(server, settings.endpoint(), new RawSocketConnectionFactory(this));
        } catch (EndpointException e) {
            server = null;
            throw new RawSocketSettings.RefusedException(ConfigValidator.refusal(settings.pid(), e.getMessage()));
        }
        // No idle timeout (Jetty's default is 30 s): RawSocket has no traffic of its own; auto-ping finds dead peers.
        connector.setIdleTimeout(0);
        server.addConnector(connector);
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            throw new RawSocketSettings.RefusedException(ConfigValidator.refusal(settings.pid(),
                    EndpointConnectors.bindProblem(settings.endpoint(), e)));
        }
    }

    /** Takes new settings that need no new socket; open connections keep those they started with. */
    @Override
    public void apply(RawSocketSettings newSettings) {
        settings = newSettings;
    }

    /**
     * Stops: refuses new connections, asks the router to wind every session down ({@code wamp.close.system_shutdown}),
     * waits for that and for the sockets to close within {@code timeout} in total, then stops Jetty.
     */
    void stop(Duration timeout) {
        closing = true;
        if (connector instanceof NetworkConnector network) {
            network.close(); // refuse new clients now, not after the GOODBYEs
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        for (RawSocketConnection connection : open) {
            SessionHandle session = connection.session();
            if (session != null) {
                stages.add(session.shutdown(WampUris.CLOSE_SYSTEM_SHUTDOWN).toCompletableFuture());
            }
        }
        if (!await(stages, deadline)) {
            LOG.warn("Transport {}: not every session finished its shutdown within {} ms; closing anyway",
                    settings.id(), timeout.toMillis());
        }
        List<CompletableFuture<Void>> gone = new ArrayList<>();
        open.forEach(connection -> gone.add(connection.gone()));
        await(gone, deadline);
        stopQuietly();
        for (RawSocketConnection connection : List.copyOf(open)) {
            connection.reportClosed(1001, "transport stopped");
        }
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

    /** A serializer went away: its sessions are wound down (GOODBYE). */
    void serializerRemoved(Serializer serializer) {
        for (RawSocketConnection connection : open) {
            SessionHandle session = connection.session();
            if (connection.serializer() == serializer && session != null) {
                session.shutdown(WampUris.CLOSE_SYSTEM_SHUTDOWN);
            }
        }
    }

    // ---- used by the connections

    RawSocketSettings settings() {
        return settings;
    }

    WampRouter router() {
        return router;
    }

    SerializerRegistry serializers() {
        return serializers;
    }

    boolean closing() {
        return closing;
    }

    void accepted(RawSocketConnection connection) {
        connections.add(connection);
    }

    /** Counts a connection against {@code options.max_connections}; {@code false} when the limit is reached. */
    boolean admit(RawSocketConnection connection) {
        int limit = settings.maxConnections();
        while (true) {
            int count = admittedCount.get();
            if (limit > 0 && count >= limit) {
                return false;
            }
            if (admittedCount.compareAndSet(count, count + 1)) {
                admitted.add(connection);
                return true;
            }
        }
    }

    void released(RawSocketConnection connection) {
        if (admitted.remove(connection)) {
            admittedCount.decrementAndGet();
        }
    }

    void opened(RawSocketConnection connection) {
        open.add(connection);
        SessionHandle session = connection.session();
        // Raced with stop() or with the removal of its serializer: wind it down too.
        if (session != null && (closing || !serializers.isRegistered(connection.serializer()))) {
            session.shutdown(WampUris.CLOSE_SYSTEM_SHUTDOWN);
        }
    }

    void closed(RawSocketConnection connection) {
        connections.remove(connection);
        open.remove(connection);
        released(connection);
    }

    @Override
    public int connectionCount() {
        return open.size();
    }

    /** Open connections (tests). */
    Set<RawSocketConnection> connections() {
        return Set.copyOf(open);
    }

    int localPort() {
        return EndpointConnectors.localPort(connector);
    }

    @Override
    public String describeEndpoint() {
        return settings.endpoint().describe(localPort());
    }
}
