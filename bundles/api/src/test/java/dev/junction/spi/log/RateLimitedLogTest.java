package dev.junction.spi.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class RateLimitedLogTest {

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    /** A Logger that records the format of every warn/info line. */
    private Logger recorder() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] { Logger.class },
                (proxy, method, args) -> {
                    if (method.getName().startsWith("is")) {
                        return true;
                    }
                    if (method.getName().equals("warn") || method.getName().equals("info")) {
                        lines.add((String) args[0]);
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
    }

    @Test
    void aFloodCostsTheBurstThenOneLinePerRefillAndTheNextLineCountsTheSuppressed() {
        RateLimitedLog log = new RateLimitedLog(recorder(), 3, 3000, now::get); // 3 lines, one per second after

        for (int i = 0; i < 1000; i++) {
            log.warn("bad input {}", i);
        }
        assertThat(lines).hasSize(3).allMatch(l -> l.equals("bad input {}"));
        assertThat(log.suppressed()).isEqualTo(997);

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1000)); // one token back
        log.warn("bad input {}", 1000);
        log.warn("bad input {}", 1001);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(3)).isEqualTo("bad input {} (997 similar lines suppressed)");
        assertThat(log.suppressed()).isEqualTo(1);
    }

    @Test
    void controlBelowTheBudgetEveryLineIsLogged() {
        RateLimitedLog log = new RateLimitedLog(recorder(), 3, 3000, now::get);
        for (int i = 0; i < 10; i++) {
            log.info("line");
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1000));
        }
        assertThat(lines).hasSize(10).containsOnly("line");
        assertThat(log.suppressed()).isZero();
    }
}
