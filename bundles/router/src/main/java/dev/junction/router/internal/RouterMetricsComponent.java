package dev.junction.router.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.junction.api.metrics.MetricsSnapshot;
import dev.junction.api.metrics.RouterMetrics;

/** The {@link RouterMetrics} service: the router's counters, for a metrics bundle. Lives and dies with the router. */
@Component(service = RouterMetrics.class)
public final class RouterMetricsComponent implements RouterMetrics {
    private final Router router;

    /** Bound to the router component of this bundle by name: it is the only {@link RealmRegistry} there is. */
    @Activate
    public RouterMetricsComponent(
            @Reference(target = "(component.name=dev.junction.router.internal.RouterComponent)")
            RealmRegistry routerComponent) {
        this.router = ((RouterComponent) routerComponent).router();
    }

    @Override
    public MetricsSnapshot snapshot() {
        return router.metricsSnapshot();
    }
}
