package dev.junction.client.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Finds a dead router: when nothing has been heard on the link for {@code interval}, a ping goes out; when nothing
 * has been heard for {@code interval + timeout}, the link is dropped (the receiver hears 1006, {@code auto-ping
 * timeout}), so a router whose host vanished without closing the TCP connection is noticed and a container can
 * reconnect. Any inbound traffic counts as an answer. One daemon thread serves every link of the process.
 */
final class Heartbeat {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "junction-client-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private final Link link;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final ScheduledFuture<?> task;
    private long sequence;
    private boolean pinged;
    private long pingedAt;

    private Heartbeat(Link link, Duration interval, Duration timeout) {
        this.link = link;
        this.intervalNanos = interval.toNanos();
        this.timeoutNanos = timeout.toNanos();
        long tick = Math.max(50, Math.min(interval.toMillis(), timeout.toMillis()) / 2);
        this.task = TIMER.scheduleWithFixedDelay(this::check, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Starts watching {@code link}; {@code null} when {@code interval} is null or zero (no heartbeat). */
    static Heartbeat watch(Link link, Duration interval, Duration timeout) {
        if (interval == null || interval.isZero() || interval.isNegative()) {
            return null;
        }
        return new Heartbeat(link, interval, timeout == null || timeout.isZero() ? interval : timeout);
    }

    private void check() {
        long now = System.nanoTime();
        long heard = link.lastHeardNanos();
        long silent = now - heard;
        if (silent > intervalNanos + timeoutNanos) {
            stop();
            link.abort("auto-ping timeout: nothing heard from the router for "
                    + TimeUnit.NANOSECONDS.toMillis(silent) + " ms");
        } else if (silent > intervalNanos && !(pinged && pingedAt - heard > 0)) {
            pinged = true;
            pingedAt = now;
            link.ping(ByteBuffer.allocate(8).putLong(++sequence).array());
        }
    }

    void stop() {
        task.cancel(false);
    }
}
