package dev.junction.metrics.internal;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.junction.router.internal.TrafficRouter;

/**
 * What the metrics bundle costs off the message path: one Prometheus scrape (the router's counters read, the JVM
 * binders, the text rendered) and the JMX refresh it runs every {@value Meters#JMX_REFRESH_SECONDS} s, for a router
 * that has carried traffic on {@code realms} realms. Divided by the scrape interval, this is the share of one core
 * the metrics take besides the per-message counting that {@code RouterRpcBench} measures.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ScrapeBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ScrapeBench {

    @Param({"1", "10"})
    public int realms;

    private TrafficRouter router;
    private Meters meters;

    @Setup
    public void setUp() {
        router = new TrafficRouter(realms, 1000);
        meters = new Meters(router::snapshot);
    }

    @TearDown
    public void tearDown() {
        meters.close();
        router.close();
    }

    @Benchmark
    public String scrape() {
        return meters.scrape();
    }

    @Benchmark
    public Object jmxRefresh() {
        return meters.refresh();
    }
}
