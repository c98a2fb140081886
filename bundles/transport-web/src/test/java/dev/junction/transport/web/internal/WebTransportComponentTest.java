package dev.junction.transport.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.junction.spi.transport.TransportStatus;

/** The component's life: paths bound and unbound while the port stays open, in-place updates, refusals. */
class WebTransportComponentTest {
    private final WebTransportComponent component = new WebTransportComponent();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        component.deactivate();
    }

    private static WebPathComponent json(String transport, String path, String value) {
        return new WebPathComponent(WebFixture.map("service.pid", PathSettings.PID + "~" + path.replace('/', '_'),
                "transport", transport, "path", path, "type", "json", "value", value));
    }

    private int get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + component.server().localPort()
                + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String body(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + component.server().localPort()
                + path)).build(), HttpResponse.BodyHandlers.ofString()).body().trim();
    }

    @Test
    void pathsComeAndGoWhileThePortStaysOpen() throws Exception {
        WebPathComponent early = json("site", "/early", "1");
        component.bindPath(early); // bound before activation: mounted when the port opens
        component.activate(WebFixture.map("service.pid", WebSettings.PID + "~site", "endpoint.port", 0));
        assertThat(component.status().state()).isEqualTo(TransportStatus.State.RUNNING);
        assertThat(component.status().id()).isEqualTo("site");
        assertThat(get("/early")).isEqualTo(200);

        WebPathComponent late = json("site", "/late", "2");
        WebPathComponent foreign = json("other", "/foreign", "3");
        component.bindPath(late);
        component.bindPath(foreign);
        assertThat(get("/late")).isEqualTo(200);
        assertThat(get("/foreign")).as("a path of another transport").isEqualTo(404);

        // a second service for a path already served is refused; the first keeps serving
        WebPathComponent clash = json("site", "/late", "99");
        component.bindPath(clash);
        assertThat(body("/late")).isEqualTo("2");

        component.unbindPath(late);
        assertThat(get("/late")).isEqualTo(404);
        assertThat(get("/early")).isEqualTo(200);
    }

    @Test
    void optionsApplyInPlaceEndpointChangesRestartAndRemount() throws Exception {
        component.bindPath(json("site", "/x", "1"));
        Map<String, Object> props = WebFixture.map("service.pid", WebSettings.PID + "~site", "endpoint.port", 0);
        component.activate(props);
        WebServer first = component.server();
        props.put("options.client_timeout", 30);
        component.modified(props);
        assertThat(component.server()).isSameAs(first);
        assertThat(first.idleTimeout()).isEqualTo(30_000);

        props.put("endpoint.interface", "localhost");
        component.modified(props);
        assertThat(component.server()).isNotSameAs(first);
        assertThat(get("/x")).as("remounted on the new listener").isEqualTo(200);

        // a refused update keeps the listener and shows the refusal
        props.put("options.hsts_max_age", -1);
        component.modified(props);
        assertThat(component.status().state()).isEqualTo(TransportStatus.State.RUNNING);
        assertThat(component.status().error()).contains("options.hsts_max_age=-1");
        assertThat(get("/x")).isEqualTo(200);
    }

    @Test
    void refusedConfigurationIsFailedWithTheReason() {
        component.activate(WebFixture.map("service.pid", WebSettings.PID + "~bad", "endpoint.port", 0,
                "options.colour", "blue"));
        assertThat(component.status().state()).isEqualTo(TransportStatus.State.FAILED);
        assertThat(component.status().error()).contains(WebSettings.PID + "~bad").contains("options.colour");
        assertThat(component.server()).isNull();
    }
}
