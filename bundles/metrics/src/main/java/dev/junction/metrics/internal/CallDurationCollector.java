package dev.junction.metrics.internal;

import java.util.ArrayList;
import java.util.List;

import dev.junction.api.metrics.LatencyHistogram;
import dev.junction.api.metrics.MetricsSnapshot;
import dev.junction.api.metrics.RealmMetrics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * The call latency as a Prometheus histogram ({@code junction_call_duration_seconds}). The router keeps the buckets
 * itself (fixed bounds, striped counters); Micrometer has no meter for a histogram counted elsewhere, so this one
 * series goes straight to the Prometheus registry under the Micrometer registry.
 */
final class CallDurationCollector implements Collector {
    static final String NAME = "junction_call_duration_seconds";

    private final RouterMeters meters;

    CallDurationCollector(RouterMeters meters) {
        this.meters = meters;
    }

    @Override
    public MetricSnapshot collect() {
        HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name(NAME)
                .help("Time from a CALL being routed to a callee until its final answer");
        MetricsSnapshot snapshot = meters.latest();
        if (snapshot != null) {
            for (RealmMetrics r : snapshot.realms()) {
                histogram.dataPoint(dataPoint(r.realm(), r.callLatency()));
            }
        }
        return histogram.build();
    }

    private static HistogramDataPointSnapshot dataPoint(String realm, LatencyHistogram h) {
        List<Double> bounds = new ArrayList<>(h.upperBoundsSeconds());
        List<Long> counts = new ArrayList<>();
        long previous = 0;
        for (long cumulative : h.cumulativeCounts()) {
            counts.add(cumulative - previous);
            previous = cumulative;
        }
        bounds.add(Double.POSITIVE_INFINITY);
        counts.add(h.count() - previous);
        return HistogramDataPointSnapshot.builder().labels(Labels.of("realm", realm))
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).sum(h.sumSeconds()).build();
    }
}
