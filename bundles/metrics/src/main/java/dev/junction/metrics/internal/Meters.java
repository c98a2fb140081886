package dev.junction.metrics.internal;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;

import dev.junction.api.metrics.MetricsSnapshot;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The two Micrometer registries (Prometheus and JMX), the JVM basics bound to both, and the router's counters mapped
 * onto them. Plain Java, so that tests run it without a framework.
 */
final class Meters implements Scraper, AutoCloseable {
    /** How often new series (a new realm, transport, error URI) are registered for JMX between scrapes. */
    static final long JMX_REFRESH_SECONDS = 10;

    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JmxMeterRegistry jmx;
    private final RouterMeters router;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "junction-metrics-refresh");
        t.setDaemon(true);
        return t;
    });

    Meters(Supplier<MetricsSnapshot> source) {
        JmxNames names = new JmxNames();
        MetricRegistry dropwizard = new MetricRegistry();
        JmxReporter reporter = JmxReporter.forRegistry(dropwizard).inDomain(JmxNames.DOMAIN)
                .createsObjectNamesWith(names).registerWith(ManagementFactory.getPlatformMBeanServer()).build();
        this.jmx = new JmxMeterRegistry(key -> null, Clock.SYSTEM, names, dropwizard, reporter);
        List<MeterRegistry> registries = List.of(prometheus, jmx);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics())) {
            registries.forEach(binder::bindTo);
        }
        this.router = new RouterMeters(source, registries);
        router.refresh();
        prometheus.getPrometheusRegistry().register(new CallDurationCollector(router));
        timer.scheduleWithFixedDelay(this::refreshQuietly, JMX_REFRESH_SECONDS, JMX_REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    private void refreshQuietly() {
        try {
            router.refresh();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Meters.class).warn("Could not read the router's counters", e);
        }
    }

    /** Reads the router's counters now (new series appear in JMX at once). */
    MetricsSnapshot refresh() {
        return router.refresh();
    }

    @Override
    public String scrape() {
        router.refresh();
        return prometheus.scrape();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        gc.close();
        jmx.close();
        prometheus.close();
    }
}
