package dev.junction.itests;

import static dev.junction.itests.WampTestClient.GOODBYE;
import static dev.junction.itests.WampTestClient.assertMessage;
import static dev.junction.itests.WampTestClient.id;
import static dev.junction.itests.WampTestClient.opt;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The web transport in OSGi: a {@code dev.junction.transport.web} configuration and its path configurations
 * ({@code dev.junction.transport.web.path}) created through ConfigurationAdmin; the {@code websocket} path runs the
 * WebSocket bundle's code (a session joins on {@code /ws}), the HTTP bridge publishes to and calls that session
 * through the router, a deleted path configuration stops being served while the port and the other paths stay,
 * and stopping the web bundle winds its WebSocket sessions down and leaves the router alone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebTransportIT extends AbstractRouterIT {
    private static final String WEB_PID = "dev.junction.transport.web";
    private static final String PATH_PID = "dev.junction.transport.web.path";
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Option[] additionalOptions() {
        return new Option[] {
                mavenBundle("com.fasterxml.jackson.core", "jackson-annotations").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-databind").versionAsInProject(),
                junctionBundle("junction-transport-web") };
    }

    private HttpResponse<String> get(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private CompletableFuture<HttpResponse<String>> post(int port, String path, String json) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void pathsWebSocketAndBridgeOnOnePort() throws Exception {
        createRealm(REALM);
        int port = freePort();
        String web = uniqueName("web");
        createFactoryConfiguration(WEB_PID, web, Map.of("endpoint.port", port, "endpoint.interface", "127.0.0.1"));
        createFactoryConfiguration(PATH_PID, uniqueName("ws"), Map.of("transport", web, "path", "/ws",
                "type", "websocket", "serializers", "json,msgpack"));
        org.osgi.service.cm.Configuration json = createFactoryConfiguration(PATH_PID, uniqueName("json"),
                Map.of("transport", web, "path", "/config", "type", "json", "value", "{\"a\": 1}"));
        createFactoryConfiguration(PATH_PID, uniqueName("pub"), Map.of("transport", web, "path", "/pub",
                "type", "publisher", "realm", REALM));
        createFactoryConfiguration(PATH_PID, uniqueName("call"), Map.of("transport", web, "path", "/call",
                "type", "caller", "realm", REALM));
        waitForPortOpen(port);
        waitFor("the json path", TIMEOUT, () -> get(port, "/config").statusCode() == 200 ? true : null, () -> "");
        waitFor("the websocket path", TIMEOUT, () -> get(port, "/ws").statusCode() == 200 ? true : null, () -> "");

        WampTestClient ws = WampTestClient.connect("web-ws", URI.create("ws://127.0.0.1:" + port + "/ws"),
                WampCodec.MSGPACK, TIMEOUT, exchange);
        ws.hello(REALM);
        long subscription = ws.subscribe("com.example.web.news");
        long registration = ws.register("com.example.web.add");

        // HTTP publisher -> the WebSocket session's subscription
        HttpResponse<String> published = post(port, "/pub",
                "{\"topic\": \"com.example.web.news\", \"args\": [\"from http\"]}").get(10, TimeUnit.SECONDS);
        assertEquals(published.body(), 200, published.statusCode());
        List<Object> event = ws.awaitEvent(subscription);
        assertEquals(List.of("from http"), opt(event, 4, null));

        // HTTP caller -> the WebSocket session's procedure -> the HTTP response
        CompletableFuture<HttpResponse<String>> answer = post(port, "/call",
                "{\"procedure\": \"com.example.web.add\", \"args\": [2, 3]}");
        List<Object> invocation = ws.awaitInvocation(registration);
        ws.yield(id(invocation, 1), List.of(5L), null);
        HttpResponse<String> result = answer.get(10, TimeUnit.SECONDS);
        assertEquals(200, result.statusCode());
        assertEquals("{\"args\":[5]}", result.body());

        // deleting a path configuration unmounts it; the port and the other paths stay
        deleteConfiguration(json);
        waitFor("the json path to go", TIMEOUT, () -> get(port, "/config").statusCode() == 404 ? true : null,
                () -> "");
        long call = ws.call("wamp.session.count", List.of(), null);
        assertMessage("the WebSocket session still routes", ws.awaitCallAnswer(call), WampTestClient.RESULT);

        // stopping the web bundle winds its WebSocket sessions down; the router stays
        Bundle webBundle = installedBundle("dev.junction.transport.web");
        Bundle router = installedBundle(ROUTER_BSN);
        webBundle.stop();
        try {
            List<Object> goodbye = ws.awaitType(GOODBYE);
            assertEquals("wamp.close.system_shutdown", goodbye.get(2));
            waitForPortClosed(port);
            assertEquals(Bundle.ACTIVE, router.getState());
        } finally {
            ws.close();
            webBundle.start();
        }
        waitForPortOpen(port);
        assertTrue(waitFor("the bridge after restart", TIMEOUT,
                () -> get(port, "/pub").statusCode() == 405 ? true : null, () -> ""));
    }
}
