package dev.junction.metrics.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.junction.api.metrics.RouterMetrics;

/**
 * The meters while the router runs: its counters and the JVM basics as JMX MBeans under {@code dev.junction.metrics},
 * and the Prometheus text for the endpoint ({@link PrometheusEndpointComponent}). Needs no configuration.
 */
@Component(service = Scraper.class, immediate = true)
public final class MetricsComponent implements Scraper {
    private final Meters meters;

    @Activate
    public MetricsComponent(@Reference RouterMetrics router) {
        this.meters = new Meters(router::snapshot);
    }

    @Override
    public String scrape() {
        return meters.scrape();
    }

    @Deactivate
    void deactivate() {
        meters.close();
    }
}
