package dev.junction.container.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.client.ClientOptions;
import dev.junction.client.WampClient;
import dev.junction.client.WampSession;
import dev.junction.api.admin.ConnectionStatus;
import dev.junction.container.WampComponent;
import dev.junction.spi.serializer.Serializer;

/**
 * Keeps one component joined through one connecting transport: connect, join, let the component register and
 * subscribe, and when the session ends for any reason other than {@link #stop}, try again after the connection's
 * backoff. Attempts run on the client's threads and the container's timer, one at a time.
 */
final class ComponentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentRunner.class);

    private final ConnectionSettings settings;
    private final Supplier<List<Serializer>> serializers;
    private final WampComponent component;
    private final long serviceId;
    private final ScheduledExecutorService timer;

    private boolean stopped;
    private WampSession session;
    private ScheduledFuture<?> retry;
    private String state = "CONNECTING";
    private int failures;
    private Instant nextAttempt;
    private String lastError;

    ComponentRunner(ConnectionSettings settings, Supplier<List<Serializer>> serializers, WampComponent component,
            long serviceId, ScheduledExecutorService timer) {
        this.settings = settings;
        this.serializers = serializers;
        this.component = component;
        this.serviceId = serviceId;
        this.timer = timer;
    }

    synchronized ConnectionStatus status() {
        return new ConnectionStatus(settings.id(), serviceId, state, session == null ? 0 : session.id(), failures,
                nextAttempt, lastError);
    }

    void start() {
        attempt();
    }

    /** Leaves for good: the component was removed, or the connection's configuration changed or went away. */
    CompletableFuture<Void> stop() {
        WampSession current;
        synchronized (this) {
            stopped = true;
            state = "STOPPED";
            nextAttempt = null;
            if (retry != null) {
                retry.cancel(false);
            }
            current = session;
            session = null;
        }
        return current == null ? CompletableFuture.completedFuture(null) : current.leave();
    }

    private void attempt() {
        List<Serializer> available = serializers.get();
        synchronized (this) {
            if (stopped) {
                return;
            }
            state = "CONNECTING";
            nextAttempt = null;
        }
        if (available.isEmpty()) {
            failed("none of the serializers " + settings.serializers() + " is installed");
            return;
        }
        ClientOptions.Builder options = settings.clientOptions();
        available.forEach(options::serializer);
        CompletableFuture<WampSession> joining;
        try {
            joining = WampClient.connect(options.build());
        } catch (RuntimeException e) {
            failed(String.valueOf(e));
            return;
        }
        joining.whenComplete((joined, failure) -> {
            if (failure != null) {
                failed(describe(failure));
                return;
            }
            synchronized (this) {
                if (stopped) {
                    joined.leave();
                    return;
                }
                session = joined;
            }
            joined.closed().thenAccept(reason -> ended(joined, reason));
            CompletableFuture<?> ready;
            try {
                ready = component.onJoin(joined).toCompletableFuture();
            } catch (RuntimeException e) {
                ready = CompletableFuture.failedFuture(e);
            }
            ready.whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.warn("Component {} on connection {} failed to start on session {}: {}", serviceId,
                            settings.id(), joined.id(), describe(error));
                    synchronized (this) {
                        lastError = "onJoin failed: " + describe(error);
                    }
                    joined.leave(); // ended() schedules the retry
                    return;
                }
                synchronized (this) {
                    if (session == joined) {
                        state = "JOINED";
                        failures = 0;
                    }
                }
                LOG.info("Component {} joined realm {} at {} as session {} (connection {})", serviceId,
                        settings.realm(), settings.target(), joined.id(), settings.id());
            });
        });
    }

    private void ended(WampSession which, String reason) {
        synchronized (this) {
            if (session != which) {
                return; // stop() let it go
            }
            session = null;
        }
        try {
            component.onLeave(reason);
        } catch (RuntimeException e) {
            LOG.warn("Component {} failed in onLeave: {}", serviceId, e.toString());
        }
        failed("session ended: " + reason);
    }

    private void failed(String why) {
        long delay;
        synchronized (this) {
            if (stopped) {
                return;
            }
            failures++;
            lastError = why;
            if (!settings.backoff().retries(failures)) {
                state = "STOPPED";
                LOG.error("Component {} on connection {} gives up after {} failed attempts: {}", serviceId,
                        settings.id(), failures, why);
                return;
            }
            delay = settings.backoff().delayMillis(failures);
            state = "RETRYING";
            nextAttempt = Instant.now().plusMillis(delay);
            retry = timer.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
        }
        LOG.info("Component {} on connection {}: {}; next attempt in {} ms", serviceId, settings.id(), why, delay);
    }

    private static String describe(Throwable t) {
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause()
                : t;
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
