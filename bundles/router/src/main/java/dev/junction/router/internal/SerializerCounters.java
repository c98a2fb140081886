package dev.junction.router.internal;

import java.util.concurrent.atomic.LongAdder;

import dev.junction.api.metrics.SerializerMetrics;

/** The encode and decode counters of one serializer (by name). */
final class SerializerCounters {
    private final String name;
    private final LongAdder encoded = new LongAdder();
    private final LongAdder encodeFailures = new LongAdder();
    private final LongAdder decoded = new LongAdder();
    private final LongAdder decodeFailures = new LongAdder();

    SerializerCounters(String name) {
        this.name = name;
    }

    void encoded() {
        if (!RouterCounters.COUNTING) {
            return;
        }
        encoded.increment();
    }

    void encodeFailed() {
        if (!RouterCounters.COUNTING) {
            return;
        }
        encodeFailures.increment();
    }

    void decoded() {
        if (!RouterCounters.COUNTING) {
            return;
        }
        decoded.increment();
    }

    void decodeFailed() {
        if (!RouterCounters.COUNTING) {
            return;
        }
        decodeFailures.increment();
    }

    SerializerMetrics snapshot() {
        return new SerializerMetrics(name, encoded.sum(), encodeFailures.sum(), decoded.sum(), decodeFailures.sum());
    }
}
