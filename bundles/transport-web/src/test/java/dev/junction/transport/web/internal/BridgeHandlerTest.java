package dev.junction.transport.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.junction.spi.call.CallFailedException;
import dev.junction.spi.call.CallResult;

/**
 * The HTTP bridge's checks with Crossbar's statuses. The realm side is a recording {@link WampBridge} (what reaches
 * the router); the interop suite runs the same paths against the real router. Every refusal is paired with a
 * request that passes, and every refusal asserts that nothing was published.
 */
class BridgeHandlerTest {
    private static final Instant NOW = Instant.parse("2026-12-06T01:00:00.000Z");
    private final Path base = Path.of(".");

    /** Records publishes; answers calls of "add2" with the sum, anything else with wamp.error.no_such_procedure. */
    static final class RecordingBridge implements WampBridge {
        final List<Object[]> published = new CopyOnWriteArrayList<>();
        final AtomicLong ids = new AtomicLong(100);

        @Override
        public CompletionStage<Long> publish(String topic, List<?> args, Map<String, ?> kwargs,
                Map<String, Object> options) {
            published.add(new Object[] { topic, args, kwargs, options });
            return CompletableFuture.completedFuture(ids.incrementAndGet());
        }

        @Override
        public CompletionStage<CallResult> call(String procedure, List<?> args, Map<String, ?> kwargs) {
            if (!procedure.equals("add2")) {
                return CompletableFuture.failedFuture(
                        new CallFailedException("wamp.error.no_such_procedure", List.of("no " + procedure), Map.of()));
            }
            int sum = ((Number) args.get(0)).intValue() + ((Number) args.get(1)).intValue();
            return CompletableFuture.completedFuture(new CallResult(List.of(sum), Map.of()));
        }

        @Override
        public void close() {
        }
    }

    private WebFixture mount(WebFixture web, RecordingBridge bridge, Object... keyValues) throws Exception {
        PathSettings p = WebFixture.path(base, keyValues);
        web.mount(p.path(), new BridgeHandler("test", p.path(), p.type(), (PathSettings.BridgeService) p.service(),
                bridge, () -> NOW));
        return web;
    }

    private static String signedQuery(String key, String secret, String timestamp, String nonce, String body) {
        String signature = RequestSignature.sign(secret.getBytes(StandardCharsets.UTF_8), key, timestamp, "1", nonce,
                body.getBytes(StandardCharsets.UTF_8));
        return "?key=" + key + "&timestamp=" + timestamp + "&seq=1&nonce=" + nonce + "&signature="
                + URLEncoder.encode(signature, StandardCharsets.UTF_8);
    }

    @Test
    void publisherPublishesAndAnswersThePublicationId() throws Exception {
        RecordingBridge bridge = new RecordingBridge();
        try (WebFixture web = mount(new WebFixture(), bridge, "path", "/publish", "type", "publisher", "realm",
                "realm1")) {
            HttpResponse<String> r = web.post("/publish", "application/json",
                    "{\"topic\": \"com.example.t\", \"args\": [1, \"two\"], \"kwargs\": {\"k\": true},"
                            + " \"options\": {\"exclude_me\": false, \"unknown\": 1}}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readValue(r.body(), Map.class)).isEqualTo(Map.of("id", 101));
            assertThat(bridge.published).hasSize(1);
            assertThat(bridge.published.get(0)).containsExactly("com.example.t", List.of(1, "two"),
                    Map.of("k", true), Map.of("exclude_me", false));

            // refusals: method, content type, not JSON, not an object, no topic; nothing more is published
            assertThat(web.get("/publish").statusCode()).isEqualTo(405);
            assertThat(web.post("/publish", "text/plain", "{\"topic\": \"t\"}").statusCode()).isEqualTo(400);
            assertThat(web.post("/publish", "application/json; charset=latin1", "{\"topic\": \"t\"}").statusCode())
                    .isEqualTo(400);
            assertThat(web.post("/publish", "application/json", "{\"topic\": ").statusCode()).isEqualTo(400);
            assertThat(web.post("/publish", "application/json", "[1]").statusCode()).isEqualTo(400);
            assertThat(web.post("/publish", "application/json", "{\"args\": []}").statusCode()).isEqualTo(400);
            assertThat(bridge.published).hasSize(1);
        }
    }

    @Test
    void signedRequestsBadSignatureStaleTimestampReplayedNonce() throws Exception {
        RecordingBridge bridge = new RecordingBridge();
        try (WebFixture web = mount(new WebFixture(), bridge, "path", "/publish", "type", "publisher", "realm",
                "realm1", "options.key", "foobar", "options.secret", "secret123",
                "options.timestamp_delta_limit", 10)) {
            String body = "{\"topic\": \"com.example.signed\", \"args\": [42]}";
            String now = "2026-12-06T01:00:03.500Z";

            // unsigned: 400, nothing published
            assertThat(web.post("/publish", "application/json", body).statusCode()).isEqualTo(400);
            // wrong secret: 401
            assertThat(web.post("/publish" + signedQuery("foobar", "wrong", now, "1", body), "application/json",
                    body).statusCode()).isEqualTo(401);
            // unknown key: 401
            assertThat(web.post("/publish" + signedQuery("other", "secret123", now, "2", body), "application/json",
                    body).statusCode()).isEqualTo(401);
            // body changed after signing: 401
            assertThat(web.post("/publish" + signedQuery("foobar", "secret123", now, "3", body), "application/json",
                    body.replace("42", "43")).statusCode()).isEqualTo(401);
            // stale timestamp (11 s off, limit 10): 400
            assertThat(web.post("/publish" + signedQuery("foobar", "secret123", "2026-12-06T00:59:49.000Z", "4",
                    body), "application/json", body).statusCode()).isEqualTo(400);
            // malformed timestamp: 400
            assertThat(web.post("/publish" + signedQuery("foobar", "secret123", "2026-12-06T01:00:00Z", "5", body),
                    "application/json", body).statusCode()).isEqualTo(400);
            assertThat(bridge.published).isEmpty();

            // positive control: correctly signed and in time
            HttpResponse<String> ok = web.post("/publish" + signedQuery("foobar", "secret123", now, "6", body),
                    "application/json", body);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(bridge.published).hasSize(1);
            // the same request again (same nonce): refused, not published twice
            assertThat(web.post("/publish" + signedQuery("foobar", "secret123", now, "6", body), "application/json",
                    body).statusCode()).isEqualTo(400);
            assertThat(bridge.published).hasSize(1);
        }
    }

    @Test
    void bodyLimitIs413AndNothingPublished() throws Exception {
        RecordingBridge bridge = new RecordingBridge();
        try (WebFixture web = mount(new WebFixture(), bridge, "path", "/publish", "type", "publisher", "realm",
                "realm1", "options.post_body_limit", 100)) {
            String small = "{\"topic\": \"t\", \"args\": [\"" + "x".repeat(50) + "\"]}";
            String big = "{\"topic\": \"t\", \"args\": [\"" + "x".repeat(200) + "\"]}";
            assertThat(small.length()).isLessThanOrEqualTo(100);
            assertThat(web.post("/publish", "application/json", big).statusCode()).isEqualTo(413);
            assertThat(bridge.published).isEmpty();
            assertThat(web.post("/publish", "application/json", small).statusCode()).isEqualTo(200);
            assertThat(bridge.published).hasSize(1);
        }
    }

    @Test
    void requireIpAndRequireTls() throws Exception {
        RecordingBridge bridge = new RecordingBridge();
        try (WebFixture web = new WebFixture()) {
            mount(web, bridge, "path", "/elsewhere", "type", "publisher", "realm", "r", "options.require_ip",
                    new String[] { "10.0.0.0/8" });
            mount(web, bridge, "path", "/local", "type", "publisher", "realm", "r", "options.require_ip",
                    new String[] { "192.168.0.0/16", "127.0.0.0/8" });
            mount(web, bridge, "path", "/tls", "type", "publisher", "realm", "r", "options.require_tls", true);
            String body = "{\"topic\": \"t\"}";
            assertThat(web.post("/elsewhere", "application/json", body).statusCode()).isEqualTo(400);
            assertThat(web.post("/tls", "application/json", body).statusCode()).isEqualTo(400);
            assertThat(bridge.published).isEmpty();
            assertThat(web.post("/local", "application/json", body).statusCode()).isEqualTo(200);
            assertThat(bridge.published).hasSize(1);
        }
    }

    @Test
    void callerAnswersTheResultOrTheWampError() throws Exception {
        RecordingBridge bridge = new RecordingBridge();
        try (WebFixture web = mount(new WebFixture(), bridge, "path", "/call", "type", "caller", "realm", "r")) {
            HttpResponse<String> r = web.post("/call", "application/json",
                    "{\"procedure\": \"add2\", \"args\": [2, 3]}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readValue(r.body(), Map.class)).isEqualTo(Map.of("args", List.of(5)));

            HttpResponse<String> e = web.post("/call", "application/json", "{\"procedure\": \"nope\"}");
            assertThat(e.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readValue(e.body(), Map.class)).containsEntry("error",
                    "wamp.error.no_such_procedure");
            assertThat(web.post("/call", "application/json", "{\"args\": [1]}").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void webhookChecksTheGitHubSignature() throws Exception {
        RecordingBridge bridge = new RecordingBridge();
        try (WebFixture web = mount(new WebFixture(), bridge, "path", "/gh", "type", "webhook", "realm", "r",
                "options.topic", "com.example.gh", "options.github_secret", "hubsecret")) {
            String body = "{\"zen\": \"Keep it logically awesome.\"}";
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec("hubsecret".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String good = "sha1=" + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(web.base() + "/gh")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
            assertThat(web.post("/gh", "application/json", body).statusCode()).as("no signature").isEqualTo(400);
            assertThat(web.http.send(request.copy().header("X-Hub-Signature", "sha1=" + "0".repeat(40)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("wrong signature").isEqualTo(400);
            assertThat(bridge.published).isEmpty();
            assertThat(web.http.send(request.copy().header("X-Hub-Signature", good).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
            assertThat(bridge.published).hasSize(1);
        }
    }

    @Test
    void webhookPublishesHeadersAndBody() throws Exception {
        RecordingBridge bridge = new RecordingBridge();
        try (WebFixture web = mount(new WebFixture(), bridge, "path", "/hook", "type", "webhook", "realm", "r",
                "options.topic", "com.example.hook", "options.success_response", "thanks")) {
            HttpResponse<String> r = web.post("/hook", "text/plain", "anything at all");
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.body()).isEqualTo("thanks");
            assertThat(bridge.published).hasSize(1);
            assertThat(bridge.published.get(0)[0]).isEqualTo("com.example.hook");
            @SuppressWarnings("unchecked")
            Map<String, Object> message = (Map<String, Object>) ((List<?>) bridge.published.get(0)[1]).get(0);
            assertThat(message).containsEntry("body", "anything at all");
            assertThat(((Map<?, ?>) message.get("headers")).containsKey("content-type")).isTrue();
        }
    }
}
