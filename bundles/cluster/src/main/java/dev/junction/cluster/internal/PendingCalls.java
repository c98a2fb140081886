package dev.junction.cluster.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.junction.api.message.Payload;
import dev.junction.spi.cluster.RemoteAnswer;

/**
 * The calls this node forwarded and waits for: each is answered exactly once, by its {@link CallReply}, by its
 * bound ({@code wamp.error.timeout}), or at once with {@code wamp.error.canceled} when its callee's node leaves or
 * this node stops. Whoever removes the call from the map answers it.
 */
final class PendingCalls {
    static final String WAMP_TIMEOUT = "wamp.error.timeout";
    static final String WAMP_CANCELED = "wamp.error.canceled";

    private record Pending(String node, RemoteAnswer answer, long boundMillis, Future<?>[] bound) {
        void cancelBound() {
            Future<?> f = bound[0];
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    private final ConcurrentHashMap<Long, Pending> calls = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** A call answered in time cancels its bound, which then leaves the queue at once. */
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "junction-cluster-call-timer");
        t.setDaemon(true);
        return t;
    });

    PendingCalls() {
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Registers a call to {@code node} answered through {@code answer}; its id, or -1 when this node stops. */
    long add(String node, RemoteAnswer answer, long boundMillis) {
        long id = ids.incrementAndGet();
        Pending pending = new Pending(node, answer, boundMillis, new Future<?>[1]);
        calls.put(id, pending);
        if (!arm(id, pending)) {
            calls.remove(id);
            return -1;
        }
        return id;
    }

    /** (Re)starts the call's bound; false when this node stops. */
    private boolean arm(long id, Pending pending) {
        try {
            pending.cancelBound();
            pending.bound()[0] = timer.schedule(() -> {
                if (calls.remove(id, pending)) {
                    pending.answer().error(WAMP_TIMEOUT,
                            Payload.of(List.of("no answer from the callee's node"), null));
                }
            }, pending.boundMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException stopping) {
            return false;
        }
    }

    /** Whether call {@code id} still waits for its answer. */
    boolean waiting(long id) {
        return calls.containsKey(id);
    }

    /** The callee's node answered. */
    void answer(CallReply reply) {
        if (reply.progress()) {
            Pending running = calls.get(reply.id());
            if (running != null) {
                arm(reply.id(), running); // the callee's node times out between results: so does the bound
                running.answer().progress(Payload.of(reply.args(), reply.kwargs()), reply.details());
            }
            return;
        }
        Pending pending = calls.remove(reply.id());
        if (pending == null) {
            return; // answered already (bound, node gone)
        }
        pending.cancelBound();
        Payload payload = Payload.of(reply.args(), reply.kwargs());
        if (reply.error() == null) {
            pending.answer().result(payload, reply.details());
        } else {
            pending.answer().error(reply.error(), payload, reply.details());
        }
    }

    /** Answers every call forwarded to {@code node} (all of them when null) with {@code wamp.error.canceled}. */
    void cancel(String node, String why) {
        for (Map.Entry<Long, Pending> e : calls.entrySet()) {
            Pending p = e.getValue();
            if ((node == null || node.equals(p.node())) && calls.remove(e.getKey(), p)) {
                p.cancelBound();
                p.answer().error(WAMP_CANCELED, Payload.of(List.of(why), null));
            }
        }
    }

    /** This node stops: every call is answered, nothing more is bounded. */
    void stop(String why) {
        timer.shutdownNow();
        cancel(null, why);
    }
}
