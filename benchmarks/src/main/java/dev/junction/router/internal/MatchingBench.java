package dev.junction.router.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import dev.junction.api.MatchPolicy;

/**
 * The broker's and dealer's matching: the router's {@link PatternTable} (package-private, hence this package) holding
 * {@code entries} subscriptions or registrations of one match policy, looked up for a URI that matches one of them.
 * {@code forEachMatch} is what the broker does per PUBLISH, {@code best} what the dealer does per CALL.
 *
 * <p>{@code impl=indexed} is the router's table (prefix and wildcard patterns in tries); {@code impl=linear} is
 * {@link LinearPatternTable}, the scan of every pattern the router had before, kept as the router tests' oracle and
 * read from their test-jar: before and after in one run.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MatchingBench} (JMH options after it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MatchingBench {

    @Param({"exact", "prefix", "wildcard"})
    public String match;

    @Param({"10000"})
    public int entries;

    @Param({"indexed", "linear"})
    public String impl;

    private PatternTable<Integer> table;
    private LinearPatternTable<Integer> linear;
    private String hit;
    private String miss;

    @Setup
    public void setUp() {
        MatchPolicy policy = MatchPolicy.valueOf(match.toUpperCase(java.util.Locale.ROOT));
        table = new PatternTable<>();
        linear = "linear".equals(impl) ? new LinearPatternTable<>() : null;
        for (int i = 0; i < entries; i++) {
            String pattern = switch (policy) {
                case EXACT -> "com.example.app" + (i % 100) + ".topic" + i;
                case PREFIX -> "com.example.app" + (i % 100) + ".topic" + i + ".";
                case WILDCARD -> "com.example..topic" + i;
            };
            if (linear != null) {
                linear.put(policy, pattern, i);
            } else {
                table.put(policy, pattern, i);
            }
        }
        int middle = entries / 2;
        hit = switch (policy) {
            case EXACT -> "com.example.app" + (middle % 100) + ".topic" + middle;
            case PREFIX -> "com.example.app" + (middle % 100) + ".topic" + middle + ".sub";
            case WILDCARD -> "com.example.app7.topic" + middle;
        };
        miss = "org.other.app.topic";
    }

    @Benchmark
    public void brokerForEachMatchHit(Blackhole bh) {
        Consumer<Integer> sink = bh::consume;
        if (linear != null) {
            linear.forEachMatch(hit, sink);
        } else {
            table.forEachMatch(hit, sink);
        }
    }

    @Benchmark
    public void brokerForEachMatchMiss(Blackhole bh) {
        Consumer<Integer> sink = bh::consume;
        if (linear != null) {
            linear.forEachMatch(miss, sink);
        } else {
            table.forEachMatch(miss, sink);
        }
    }

    @Benchmark
    public Integer dealerBestHit() {
        return linear != null ? linear.best(hit) : table.best(hit);
    }
}
