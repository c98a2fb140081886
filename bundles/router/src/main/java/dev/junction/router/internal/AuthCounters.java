package dev.junction.router.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.junction.api.metrics.AuthenticatorMetrics;

/** Outcomes of one authentication method. Failure reasons go through {@link ErrorLabels}, so they stay bounded. */
final class AuthCounters {
    static final String EXCEPTION = "exception";

    private final String method;
    private final LongAdder successes = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> failures = new ConcurrentHashMap<>();

    AuthCounters(String method) {
        this.method = method;
    }

    void succeeded() {
        successes.increment();
    }

    /** {@code reason}: an ABORT URI, or {@link #EXCEPTION}. */
    void failed(String reason) {
        String label = EXCEPTION.equals(reason) ? EXCEPTION : ErrorLabels.of(reason);
        failures.computeIfAbsent(label, l -> new LongAdder()).increment();
    }

    AuthenticatorMetrics snapshot() {
        Map<String, Long> out = new TreeMap<>();
        failures.forEach((reason, n) -> out.put(reason, n.sum()));
        return new AuthenticatorMetrics(method, successes.sum(), out);
    }
}
