package dev.junction.transport.websocket.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * {@code options.auto_ping_*} for one connection, as autobahn does it: every {@code auto_ping_interval} ms a PING
 * whose payload is the 8-byte send time in nanoseconds, a 4-byte sequence number and random bytes up to
 * {@code auto_ping_size}; with {@code auto_ping_timeout}, the connection is dropped when the matching PONG has not
 * come back in time. With {@code auto_ping_restart_on_any_traffic}, any inbound message also counts as an answer.
 * While a PING is unanswered no further PING is sent.
 */
final class AutoPing {

    private final Session session;
    private final Scheduler scheduler;
    private final int interval;
    private final int timeout;
    private final int size;
    private final boolean anyTrafficAnswers;
    private final Runnable onTimeout;

    private int sequence;
    private byte[] outstanding;
    private Scheduler.Task pingTask;
    private Scheduler.Task timeoutTask;
    private boolean stopped;

    AutoPing(Session session, Scheduler scheduler, TransportSettings.Options options, Runnable onTimeout) {
        this.session = session;
        this.scheduler = scheduler;
        this.interval = options.autoPingInterval();
        this.timeout = options.autoPingTimeout();
        this.size = options.autoPingSize();
        this.anyTrafficAnswers = options.autoPingRestartOnAnyTraffic();
        this.onTimeout = onTimeout;
    }

    synchronized void start() {
        if (interval > 0 && !stopped) {
            pingTask = scheduler.schedule(this::ping, interval, TimeUnit.MILLISECONDS);
        }
    }

    private void ping() {
        byte[] payload;
        synchronized (this) {
            if (stopped) {
                return;
            }
            pingTask = scheduler.schedule(this::ping, interval, TimeUnit.MILLISECONDS);
            if (outstanding != null) {
                return;
            }
            payload = new byte[size];
            ByteBuffer.wrap(payload).putLong(System.nanoTime()).putInt(++sequence);
            byte[] random = new byte[size - 12];
            ThreadLocalRandom.current().nextBytes(random);
            System.arraycopy(random, 0, payload, 12, random.length);
            outstanding = payload;
            if (timeout > 0) {
                timeoutTask = scheduler.schedule(() -> expired(payload), timeout, TimeUnit.MILLISECONDS);
            }
        }
        session.sendPing(ByteBuffer.wrap(payload.clone()), Callback.NOOP);
    }

    private void expired(byte[] payload) {
        synchronized (this) {
            if (stopped || outstanding != payload) {
                return;
            }
            stop();
        }
        onTimeout.run();
    }

    synchronized void pong(ByteBuffer payload) {
        if (outstanding == null) {
            return;
        }
        byte[] received = new byte[payload.remaining()];
        payload.duplicate().get(received);
        if (Arrays.equals(received, outstanding)) {
            answered();
        }
    }

    /** An inbound message arrived. */
    synchronized void traffic() {
        if (anyTrafficAnswers && outstanding != null) {
            answered();
        }
    }

    private void answered() {
        outstanding = null;
        if (timeoutTask != null) {
            timeoutTask.cancel();
            timeoutTask = null;
        }
    }

    synchronized void stop() {
        stopped = true;
        if (pingTask != null) {
            pingTask.cancel();
        }
        if (timeoutTask != null) {
            timeoutTask.cancel();
        }
    }
}
