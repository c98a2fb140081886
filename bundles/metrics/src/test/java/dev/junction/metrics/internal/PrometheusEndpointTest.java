package dev.junction.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.spi.config.ConfigValidator;

/** The endpoint's configuration and its HTTP answers. */
class PrometheusEndpointTest {
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

    private HttpResponse<String> get(int port, String path, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheScrapeOnItsPathOnly() throws Exception {
        PrometheusEndpointComponent endpoint = new PrometheusEndpointComponent(() -> "up 1\n",
                Map.of("enabled", "true", "port", "0", "path", "/prom"));
        try {
            int port = endpoint.port();
            assertThat(port).isPositive();
            HttpResponse<String> ok = get(port, "/prom", "GET");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("up 1\n");
            assertThat(ok.headers().firstValue("content-type")).hasValue(Scraper.CONTENT_TYPE);
            assertThat(get(port, "/metrics", "GET").statusCode()).isEqualTo(404);
            assertThat(get(port, "/prom", "POST").statusCode()).isEqualTo(405);
        } finally {
            endpoint.deactivate();
        }
    }

    @Test
    void offByDefault() throws Exception {
        PrometheusEndpointComponent endpoint = new PrometheusEndpointComponent(() -> "", Map.of());
        assertThat(endpoint.port()).isEqualTo(-1);
        endpoint.deactivate();
    }

    @Test
    void badConfigurationIsRefusedNamingPidKeyValueAndWhatIsAllowed() throws Exception {
        ConfigValidator v = new ConfigValidator(PrometheusEndpointComponent.PID,
                Map.of("enabled", "true", "port", "70000", "path", "metrics"));
        PrometheusEndpointComponent.parse(v);
        assertThat(v.ok()).isFalse();
        assertThat(v.summary()).contains("dev.junction.metrics").contains("port=70000").contains("0..65535")
                .contains("path=metrics").contains("must start with '/'");
        PrometheusEndpointComponent refused = new PrometheusEndpointComponent(() -> "",
                Map.of("enabled", "true", "port", "70000"));
        assertThat(refused.port()).as("a refused configuration leaves the endpoint off").isEqualTo(-1);
        refused.deactivate();

        ConfigValidator good = new ConfigValidator(PrometheusEndpointComponent.PID,
                Map.of("enabled", "true", "interface", "0.0.0.0", "port", "9464", "path", "/metrics"));
        assertThat(PrometheusEndpointComponent.parse(good))
                .isEqualTo(new PrometheusEndpointComponent.Settings(true, "0.0.0.0", 9464, "/metrics"));
        assertThat(good.ok()).isTrue();
    }
}
