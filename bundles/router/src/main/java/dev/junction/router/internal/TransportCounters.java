package dev.junction.router.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.junction.api.metrics.TransportMetrics;

/**
 * The counters of one transport id. Striped ({@link LongAdder}): many connections of one transport count at once
 * without contending, and counting allocates nothing.
 */
final class TransportCounters {
    private final String id;
    private final String type;
    private final LongAdder opened = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    /** By reason (an HTTP status or a transport's error name): a handful of values at most, whatever clients do. */
    private final ConcurrentHashMap<String, LongAdder> refused = new ConcurrentHashMap<>();

    TransportCounters(String id, String type) {
        this.id = id;
        this.type = type;
    }

    void opened() {
        opened.increment();
    }

    void closed() {
        closed.increment();
    }

    void refused(String reason) {
        refused.computeIfAbsent(reason, s -> new LongAdder()).increment();
    }

    void received(int bytes) {
        if (!RouterCounters.COUNTING) {
            return;
        }
        messagesIn.increment();
        bytesIn.add(bytes);
    }

    void sent(int bytes) {
        if (!RouterCounters.COUNTING) {
            return;
        }
        messagesOut.increment();
        bytesOut.add(bytes);
    }

    TransportMetrics snapshot() {
        Map<String, Long> refusals = new TreeMap<>();
        refused.forEach((reason, n) -> refusals.put(reason, n.sum()));
        long total = opened.sum();
        return new TransportMetrics(id, type, Math.max(0, total - closed.sum()), total, refusals, bytesIn.sum(),
                bytesOut.sum(), messagesIn.sum(), messagesOut.sum());
    }
}
