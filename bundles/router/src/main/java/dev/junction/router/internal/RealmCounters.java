package dev.junction.router.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.junction.api.MatchPolicy;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.WampMessages;
import dev.junction.api.metrics.LatencyHistogram;
import dev.junction.api.metrics.RealmMetrics;

/**
 * The counters of one realm. Messages are counted in arrays indexed by WAMP type code (no lookup, no allocation per
 * message); error URIs through {@link ErrorLabels}; the call latency in fixed buckets.
 */
final class RealmCounters {
    /** The largest WAMP message type code (YIELD). */
    private static final int MAX_TYPE = 70;
    /** Call latency bucket bounds in nanoseconds: 100 µs to 10 s, roughly ×2.5 per step (Prometheus' usual spread). */
    static final long[] LATENCY_BOUNDS_NANOS = { 100_000L, 250_000L, 500_000L, 1_000_000L, 2_500_000L, 5_000_000L,
        10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L, 250_000_000L, 500_000_000L, 1_000_000_000L,
        2_500_000_000L, 5_000_000_000L, 10_000_000_000L };

    private final LongAdder[] in = adders(MAX_TYPE + 1);
    private final LongAdder[] out = adders(MAX_TYPE + 1);
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder eventsDelivered = new LongAdder();
    private final LongAdder eventsDropped = new LongAdder();
    /** One per bound plus +Inf; not cumulative (the snapshot adds them up). */
    private final LongAdder[] latency = adders(LATENCY_BOUNDS_NANOS.length + 1);
    private final LongAdder latencySumNanos = new LongAdder();

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    void received(int type) {
        if (!RouterCounters.COUNTING) {
            return;
        }
        if (type >= 0 && type <= MAX_TYPE) {
            in[type].increment();
        }
    }

    void sent(int type) {
        if (!RouterCounters.COUNTING) {
            return;
        }
        if (type >= 0 && type <= MAX_TYPE) {
            out[type].increment();
        }
    }

    void errorSent(ErrorMessage error) {
        if (!RouterCounters.COUNTING) {
            return;
        }
        errors.computeIfAbsent(ErrorLabels.of(error.error()), l -> new LongAdder()).increment();
    }

    void eventDelivered() {
        if (!RouterCounters.COUNTING) {
            return;
        }
        eventsDelivered.increment();
    }

    void eventDropped() {
        if (!RouterCounters.COUNTING) {
            return;
        }
        eventsDropped.increment();
    }

    void callEnded(long nanos) {
        if (!RouterCounters.COUNTING) {
            return;
        }
        int i = 0;
        while (i < LATENCY_BOUNDS_NANOS.length && nanos > LATENCY_BOUNDS_NANOS[i]) {
            i++;
        }
        latency[i].increment();
        latencySumNanos.add(nanos);
    }

    RealmMetrics snapshot(Realm realm) {
        long sessions = 0;
        long inFlight = 0;
        for (WampSession s : realm.sessions()) {
            sessions++;
            inFlight += s.callsAsCaller.size();
        }
        long subscriptions = 0;
        long registrations = 0;
        for (MatchPolicy m : MatchPolicy.values()) {
            subscriptions += realm.broker().table().values(m).size();
            registrations += realm.dealer().table().values(m).size();
        }
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((uri, n) -> errorCounts.put(uri, n.sum()));
        return new RealmMetrics(realm.name(), sessions, subscriptions, registrations, byType(in), byType(out),
                errorCounts, inFlight, latency(), eventsDelivered.sum(), eventsDropped.sum());
    }

    private static Map<String, Long> byType(LongAdder[] counters) {
        Map<String, Long> out = new TreeMap<>();
        for (int type = 0; type <= MAX_TYPE; type++) {
            long n = counters[type].sum();
            if (n > 0) {
                out.put(WampMessages.name(type), n);
            }
        }
        return out;
    }

    private LatencyHistogram latency() {
        List<Double> bounds = new ArrayList<>();
        List<Long> cumulative = new ArrayList<>();
        long running = 0;
        for (int i = 0; i < LATENCY_BOUNDS_NANOS.length; i++) {
            running += latency[i].sum();
            bounds.add(LATENCY_BOUNDS_NANOS[i] / 1e9);
            cumulative.add(running);
        }
        running += latency[LATENCY_BOUNDS_NANOS.length].sum();
        return new LatencyHistogram(bounds, cumulative, running, latencySumNanos.sum() / 1e9);
    }
}
