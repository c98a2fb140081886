package dev.junction.container.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays as autobahn's ApplicationRunner computes them: the first retry after {@code initial} seconds,
 * each next one {@code growth} times longer up to {@code max}, each spread by +/- {@code jitter} (a fraction) so
 * that many components do not reconnect in step after a router restart.
 *
 * @param maxRetries failed attempts allowed in a row; -1 without limit
 */
record Backoff(int maxRetries, double initial, double max, double growth, double jitter) {

    /** Whether another attempt follows {@code failures} failed ones. */
    boolean retries(int failures) {
        return maxRetries < 0 || failures <= maxRetries;
    }

    /** The delay in milliseconds before attempt number {@code failures + 1}, {@code failures >= 1}. */
    long delayMillis(int failures) {
        double base = Math.min(max, initial * Math.pow(growth, Math.max(0, failures - 1)));
        double spread = jitter == 0 ? 0 : ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return Math.max(1, Math.round(base * (1 + spread) * 1000));
    }
}
