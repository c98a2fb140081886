package dev.junction.api.metrics;

import java.util.List;

/**
 * A histogram with fixed buckets, in Prometheus' shape: cumulative counts per upper bound.
 *
 * @param upperBoundsSeconds the buckets' upper bounds in seconds, ascending; the implicit last bucket is +Inf
 * @param cumulativeCounts for each bound, how many observations were at most that bound (same size as the bounds)
 * @param count every observation (the +Inf bucket)
 * @param sumSeconds the sum of every observation in seconds
 */
public record LatencyHistogram(List<Double> upperBoundsSeconds, List<Long> cumulativeCounts, long count,
        double sumSeconds) {

    public LatencyHistogram {
        upperBoundsSeconds = List.copyOf(upperBoundsSeconds);
        cumulativeCounts = List.copyOf(cumulativeCounts);
        if (upperBoundsSeconds.size() != cumulativeCounts.size()) {
            throw new IllegalArgumentException("one cumulative count per bound");
        }
    }
}
