package dev.junction.transport.endpoint;

import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;

import dev.junction.spi.config.ConfigValidator;
import dev.junction.spi.transport.TransportStatus;

/**
 * The lifecycle every listening transport component shares, one instance per component (per factory
 * configuration): activate parses and starts; modified applies in place what needs no new socket (same id and
 * same endpoint) and otherwise stops the listener and starts a new one; deactivate stops. A refused configuration
 * or a port in use is logged once at ERROR and leaves a FAILED status with the reason, without throwing, so no other
 * transport is disturbed; a refused update keeps the running listener and shows the refusal in its status.
 *
 * <p>Thread-safe: the three entry points are serialised; {@link #status} and {@link #running} read volatile state.
 *
 * @param <S> the transport's validated settings
 * @param <L> the transport's running listener
 */
public final class ListenerLifecycle<S extends ListenerLifecycle.Settings, L extends ListenerLifecycle.Running<S>> {

    /** What the lifecycle reads from a transport's validated settings. */
    public interface Settings {
        /** The transport id (statuses and log lines). */
        String id();

        /** Where it listens: a change means a new socket, anything else is applied in place. */
        EndpointSettings endpoint();
    }

    /** What the lifecycle asks of a running listener. */
    public interface Running<S> {
        /** Takes settings that need no new socket (same id, same endpoint). */
        void apply(S settings);

        String describeEndpoint();

        int connectionCount();
    }

    /** What a transport plugs into the lifecycle: the steps that differ from one transport to another. */
    public interface Listener<S extends Settings, L extends Running<S>> {

        /** Checks every key; throws {@link Refused} with the one log line. */
        S parse(Map<String, Object> properties) throws Refused;

        /** Logs what the settings say that cannot be honoured, or is missing (called before start or apply). */
        void report(S settings);

        /** Binds and starts a listener; on failure nothing stays open and {@link Refused} carries the log line. */
        L start(S settings) throws Refused;

        /** Winds the listener's sessions down and closes it. */
        void stop(L listener);
    }

    /** A configuration (or a bind) that cannot be applied; the message is the one log line. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final String pid;
    private final String type;
    private final String kind;
    private final Logger log;
    private final Listener<S, L> listener;
    private final Object lock = new Object();

    private volatile S settings;
    private volatile L running;
    private volatile TransportStatus failure;
    private volatile String refusedUpdate;

    /**
     * @param pid the factory PID (for the default instance name in statuses)
     * @param type the transport type in statuses ({@code websocket}, {@code rawsocket}, ...)
     * @param kind how the "listening on" log line names it ({@code WebSocket}, {@code RawSocket}, ...)
     * @param log the component's logger
     */
    public ListenerLifecycle(String pid, String type, String kind, Logger log, Listener<S, L> listener) {
        this.pid = pid;
        this.type = type;
        this.kind = kind;
        this.log = log;
        this.listener = listener;
        this.failure = new TransportStatus("?", type, TransportStatus.State.STOPPED, null, null, 0);
    }

    public void activate(Map<String, Object> properties) {
        synchronized (lock) {
            S parsed;
            try {
                parsed = listener.parse(properties);
            } catch (Refused e) {
                log.error(e.getMessage());
                failure = failed(ConfigValidator.instanceName(properties, pid), e.getMessage());
                return;
            }
            start(parsed);
        }
    }

    public void modified(Map<String, Object> properties) {
        synchronized (lock) {
            S parsed;
            try {
                parsed = listener.parse(properties);
            } catch (Refused e) {
                log.error(e.getMessage());
                if (running != null) {
                    refusedUpdate = e.getMessage() + " (the previous configuration stays in force)";
                } else {
                    failure = failed(ConfigValidator.instanceName(properties, pid), e.getMessage());
                }
                return;
            }
            refusedUpdate = null;
            S previous = settings;
            L current = running;
            if (current != null && previous != null
                    && Objects.equals(previous.endpoint(), parsed.endpoint()) && previous.id().equals(parsed.id())) {
                settings = parsed;
                listener.report(parsed);
                current.apply(parsed);
                log.info("Transport {}: configuration updated in place", parsed.id());
                return;
            }
            stop();
            start(parsed);
        }
    }

    public void deactivate() {
        synchronized (lock) {
            stop();
            S last = settings;
            failure = new TransportStatus(last == null ? "?" : last.id(), type, TransportStatus.State.STOPPED,
                    null, null, 0);
        }
    }

    public TransportStatus status() {
        L current = running;
        S currentSettings = settings;
        if (current != null && currentSettings != null) {
            return new TransportStatus(currentSettings.id(), type, TransportStatus.State.RUNNING,
                    current.describeEndpoint(), refusedUpdate, current.connectionCount());
        }
        return failure;
    }

    /** The running listener, or {@code null}. */
    public L running() {
        return running;
    }

    /** The settings in force (or last tried), or {@code null}. */
    public S settings() {
        return settings;
    }

    private void start(S parsed) {
        settings = parsed;
        listener.report(parsed);
        L created;
        try {
            created = listener.start(parsed);
        } catch (Refused e) {
            log.error(e.getMessage());
            failure = failed(parsed.id(), e.getMessage());
            return;
        }
        running = created;
        failure = null;
        log.info("Transport {}: {} listening on {}", parsed.id(), kind, created.describeEndpoint());
    }

    private void stop() {
        L current = running;
        if (current != null) {
            running = null;
            listener.stop(current);
            log.info("Transport {}: stopped", settings.id());
        }
    }

    private TransportStatus failed(String id, String error) {
        return new TransportStatus(id, type, TransportStatus.State.FAILED, null, error, 0);
    }
}
