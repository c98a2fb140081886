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
public final class ListenerLifecycle<S, L> {

    /** What a transport plugs into the lifecycle. */
    public interface Listener<S, L> {

        /** Checks every key; throws {@link Refused} with the one log line. */
        S parse(Map<String, Object> properties) throws Refused;

        String id(S settings);

        EndpointSettings endpoint(S settings);

        /** Logs what the settings say that cannot be honoured, or is missing (called before start or apply). */
        void report(S settings);

        /** Binds and starts a listener; on failure nothing stays open and {@link Refused} carries the log line. */
        L start(S settings) throws Refused;

        /** Takes settings that need no new socket. */
        void apply(L listener, S settings);

        /** Winds the listener's sessions down and closes it. */
        void stop(L listener);

        String describeEndpoint(L listener);

        int connectionCount(L listener);
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
                    && Objects.equals(listener.endpoint(previous), listener.endpoint(parsed))
                    && listener.id(previous).equals(listener.id(parsed))) {
                settings = parsed;
                listener.report(parsed);
                listener.apply(current, parsed);
                log.info("Transport {}: configuration updated in place", listener.id(parsed));
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
            failure = new TransportStatus(last == null ? "?" : listener.id(last), type, TransportStatus.State.STOPPED,
                    null, null, 0);
        }
    }

    public TransportStatus status() {
        L current = running;
        S currentSettings = settings;
        if (current != null && currentSettings != null) {
            return new TransportStatus(listener.id(currentSettings), type, TransportStatus.State.RUNNING,
                    listener.describeEndpoint(current), refusedUpdate, listener.connectionCount(current));
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
            failure = failed(listener.id(parsed), e.getMessage());
            return;
        }
        running = created;
        failure = null;
        log.info("Transport {}: {} listening on {}", listener.id(parsed), kind, listener.describeEndpoint(created));
    }

    private void stop() {
        L current = running;
        if (current != null) {
            running = null;
            listener.stop(current);
            log.info("Transport {}: stopped", listener.id(settings));
        }
    }

    private TransportStatus failed(String id, String error) {
        return new TransportStatus(id, type, TransportStatus.State.FAILED, null, error, 0);
    }
}
