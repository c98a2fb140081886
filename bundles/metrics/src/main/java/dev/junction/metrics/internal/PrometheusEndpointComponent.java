package dev.junction.metrics.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.spi.config.ConfigValidator;

/**
 * The Prometheus endpoint, configured by the singleton PID {@code dev.junction.metrics}; off unless
 * {@code enabled=true}. A configuration change restarts the listener (it binds a port). A refused configuration
 * leaves the endpoint off and says why; JMX and the router are not affected.
 */
@Component(configurationPid = PrometheusEndpointComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = PrometheusEndpointComponent.Config.class)
public final class PrometheusEndpointComponent {
    static final String PID = "dev.junction.metrics";
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusEndpointComponent.class);

    @ObjectClassDefinition(name = "Junction metrics", description = "The Prometheus text endpoint of Junction's "
            + "metrics, on a small HTTP listener of its own. JMX MBeans (domain dev.junction.metrics) are always on "
            + "while the junction-metrics feature is installed.")
    @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Serve the Prometheus endpoint.")
        boolean enabled() default false;

        @AttributeDefinition(name = "Interface", description = "The address to listen on (127.0.0.1: this host only; "
                + "0.0.0.0: every interface).")
        String interface$() default "127.0.0.1";

        @AttributeDefinition(name = "Port", min = "0", max = "65535", description = "The TCP port (0: any free port).")
        int port() default 9464;

        @AttributeDefinition(name = "Path", description = "The HTTP path Prometheus scrapes.")
        String path() default "/metrics";
    }

    /** What a configuration asks for, as {@link #parse} read it (its validator holds the errors, if any). */
    record Settings(boolean enabled, String host, int port, String path) {
    }

    private final PrometheusEndpoint endpoint;

    @Activate
    public PrometheusEndpointComponent(@Reference Scraper scraper, Map<String, Object> properties) {
        ConfigValidator v = new ConfigValidator(PID, properties);
        Settings s = parse(v);
        PrometheusEndpoint started = null;
        if (!v.ok()) {
            LOG.error(v.summary() + "; the Prometheus endpoint stays off");
        } else if (s.enabled()) {
            try {
                started = new PrometheusEndpoint(scraper, s.host(), s.port(), s.path());
                LOG.info("Prometheus endpoint on http://{}:{}{}", s.host(), started.port(), s.path());
            } catch (Exception e) {
                LOG.error("{}: cannot listen on {}:{}: {}; the Prometheus endpoint stays off", PID, s.host(),
                        s.port(), e.toString());
            }
        }
        this.endpoint = started;
    }

    static Settings parse(ConfigValidator v) {
        boolean enabled = v.bool("enabled", false);
        String host = v.string("interface", "127.0.0.1");
        int port = v.integer("port", 9464, 0, 65535);
        String path = v.string("path", "/metrics");
        if (!path.startsWith("/")) {
            v.error("path", path, "must start with '/'");
        }
        if (host.isBlank()) {
            v.error("interface", host, "must be an address such as 127.0.0.1 or 0.0.0.0");
        }
        return new Settings(enabled, host, port, path);
    }

    /** The port listened on, or -1 when the endpoint is off (tests). */
    int port() {
        return endpoint == null ? -1 : endpoint.port();
    }

    @Deactivate
    void deactivate() throws Exception {
        if (endpoint != null) {
            endpoint.close();
        }
    }
}
