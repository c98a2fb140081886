package dev.junction.transport.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.junction.spi.call.CallFailedException;
import dev.junction.spi.call.CallResult;
import dev.junction.spi.log.RateLimitedLog;

/**
 * Crossbar's HTTP bridge path services: {@code publisher} (POST a JSON object {@code topic, args, kwargs, options}
 * → acknowledged WAMP publish, answer {@code {"id": publication}}), {@code caller} (POST {@code procedure, args,
 * kwargs} → WAMP call, answer {@code {"args": ..., "kwargs": ...}}) and {@code webhook} (any POST body →
 * publish {@code {"headers": ..., "body": "<text>"}} to the configured topic, answer 202 with
 * {@code success_response}).
 *
 * <p>Checks in Crossbar's order and with its statuses: method (405; OPTIONS answers the CORS preflight), content
 * type {@code application/json} and charset UTF-8 (400), {@code post_body_limit} (413, before the body is read when
 * Content-Length says so), GitHub signature (webhook, 400), signed request ({@link RequestSignature}: 400/401),
 * {@code require_ip} (400), {@code require_tls} (400), UTF-8 and JSON object (400). A WAMP error of the publish or
 * call is answered 200 with {@code {"error", "args", "kwargs"}} (the HTTP request itself succeeded); a bridge that
 * has no session (realm missing, role refused) answers 500. Refusals are logged rate-limited.
 */
final class BridgeHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeHandler.class);
    private static final RateLimitedLog REFUSALS = new RateLimitedLog(LOG);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final String transportId;
    private final String path;
    private final String type;
    private final PathSettings.BridgeService settings;
    private final WampBridge bridge;
    private final RequestSignature signature;

    BridgeHandler(String transportId, String path, String type, PathSettings.BridgeService settings,
            WampBridge bridge, Supplier<Instant> clock) {
        this.transportId = transportId;
        this.path = path;
        this.type = type;
        this.settings = settings;
        this.bridge = bridge;
        this.signature = settings.secret() == null ? null
                : new RequestSignature(settings.key(), settings.secret(), settings.timestampDeltaLimit(), clock);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        commonHeaders(request, response);
        String method = request.getMethod();
        if (HttpMethod.OPTIONS.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST,PUT,OPTIONS");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "POST,PUT,OPTIONS");
            response.setStatus(200);
            callback.succeeded();
            return true;
        }
        if (!HttpMethod.POST.is(method) && !HttpMethod.PUT.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST,PUT,OPTIONS");
            return deny(request, response, callback, 405, "HTTP method " + method + " not allowed (POST, PUT)");
        }
        boolean json = !PathSettings.WEBHOOK.equals(type);
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null) {
            String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
            if (json && !parts[0].trim().equals("application/json")) {
                return deny(request, response, callback, 400,
                        "bad or missing content type ('" + parts[0].trim() + "'), accepted: application/json");
            }
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                if (kv.length == 2 && kv[0].trim().equals("charset")
                        && !List.of("utf-8", "utf8").contains(kv[1].trim().replace("\"", ""))) {
                    return deny(request, response, callback, 400, "charset must be utf-8");
                }
            }
        }

        int limit = settings.postBodyLimit() > 0 ? settings.postBodyLimit() : PathSettings.BODY_HARD_LIMIT;
        long announced = request.getLength();
        if (announced > limit) {
            return deny(request, response, callback, 413,
                    "HTTP/POST body length (" + announced + ") exceeds the limit (" + limit + ")");
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(limit + 1);
        }
        if (body.length > limit) {
            return deny(request, response, callback, 413, "HTTP/POST body length exceeds the limit (" + limit + ")");
        }

        if (settings.githubSecret() != null && !githubSignatureValid(request, body)) {
            return deny(request, response, callback, 400, "invalid or missing GitHub signature (X-Hub-Signature)");
        }
        if (signature != null) {
            RequestSignature.Refusal refusal = signature.check(query(request), body);
            if (refusal != null) {
                return deny(request, response, callback, refusal.status(), refusal.reason());
            }
        }
        if (!settings.requireIp().isEmpty() && !fromAllowedNetwork(request)) {
            return deny(request, response, callback, 400, "request denied based on IP address");
        }
        if (settings.requireTls() && !request.isSecure()) {
            return deny(request, response, callback, 400, "request denied because not using TLS");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return deny(request, response, callback, 400, "request body is not valid UTF-8");
        }
        if (!json) {
            return webhook(request, response, callback, text);
        }
        Map<String, Object> event;
        try {
            Object parsed = Json.MAPPER.readValue(text, Object.class);
            if (!(parsed instanceof Map)) {
                return deny(request, response, callback, 400, "invalid request event: JSON object expected");
            }
            event = Json.MAPPER.convertValue(parsed, OBJECT);
        } catch (JsonProcessingException e) {
            return deny(request, response, callback, 400, "invalid JSON in request body");
        }
        return PathSettings.CALLER.equals(type) ? call(request, response, callback, event)
                : publish(request, response, callback, event);
    }

    private boolean publish(Request request, Response response, Callback callback, Map<String, Object> event) {
        if (!(event.get("topic") instanceof String topic)) {
            return deny(request, response, callback, 400, "invalid request event: missing 'topic' (a string)");
        }
        List<Object> args = listOrEmpty(event.get("args"));
        Map<String, Object> kwargs = mapOrEmpty(event.get("kwargs"));
        Map<String, Object> options = new LinkedHashMap<>();
        Map<String, Object> given = mapOrEmpty(event.get("options"));
        if (given == null) {
            return deny(request, response, callback, 400, "invalid request event: options must be a dict");
        }
        for (String key : List.of("exclude", "eligible", "exclude_authid", "exclude_authrole", "eligible_authid",
                "eligible_authrole", "exclude_me", "retain")) {
            if (given.get(key) != null) {
                options.put(key, given.get(key));
            }
        }
        if (args == null || kwargs == null) {
            return deny(request, response, callback, 400, "invalid request event: args must be a list, kwargs a dict");
        }
        answer(response, callback, bridge.publish(topic, args, kwargs, options),
                id -> reply(response, callback, 200, Map.of("id", id)));
        return true;
    }

    private boolean call(Request request, Response response, Callback callback, Map<String, Object> event) {
        if (!(event.get("procedure") instanceof String procedure)) {
            return deny(request, response, callback, 400, "invalid request event: missing 'procedure' (a string)");
        }
        List<Object> args = listOrEmpty(event.get("args"));
        Map<String, Object> kwargs = mapOrEmpty(event.get("kwargs"));
        if (args == null || kwargs == null) {
            return deny(request, response, callback, 400, "invalid request event: args must be a list, kwargs a dict");
        }
        answer(response, callback, bridge.call(procedure, args, kwargs), result -> {
            Map<String, Object> out = new LinkedHashMap<>();
            if (!result.args().isEmpty()) {
                out.put("args", result.args());
            }
            if (!result.kwargs().isEmpty()) {
                out.put("kwargs", result.kwargs());
            }
            reply(response, callback, 200, out);
        });
        return true;
    }

    private boolean webhook(Request request, Response response, Callback callback, String body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getLowerCaseName(), k -> new ArrayList<>()).add(field.getValue());
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("headers", headers);
        message.put("body", body);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        CompletionStage<Long> published = publishSafely(() -> bridge.publish(settings.topic(), List.of(message),
                Map.of(), Map.of()));
        published.whenComplete((id, failure) -> {
            if (failure != null) {
                REFUSALS.warn("Transport {} path {}: webhook could not publish to {}: {}", transportId, path,
                        settings.topic(), cause(failure).getMessage());
                response.setStatus(500);
                Content.Sink.write(response, true, settings.errorResponse(), callback);
            } else {
                response.setStatus(202);
                Content.Sink.write(response, true, settings.successResponse(), callback);
            }
        });
        return true;
    }

    private <T> void answer(Response response, Callback callback, CompletionStage<T> stage,
            java.util.function.Consumer<T> onSuccess) {
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                onSuccess.accept(value);
                return;
            }
            Throwable cause = cause(failure);
            if (cause instanceof CallFailedException e) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("error", e.error());
                out.put("args", e.args());
                out.put("kwargs", e.kwargs());
                reply(response, callback, 200, out);
            } else {
                REFUSALS.warn("Transport {} path {}: the bridge failed: {}", transportId, path, cause.getMessage());
                reply(response, callback, 500, Map.of("error", "wamp.error.runtime_error",
                        "args", List.of("Sorry, Junction has encountered a problem: " + cause.getMessage()),
                        "kwargs", Map.of()));
            }
        });
    }

    private static <T> CompletionStage<T> publishSafely(Supplier<CompletionStage<T>> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static void reply(Response response, Callback callback, int status, Map<String, ?> body) {
        try {
            response.setStatus(status);
            Content.Sink.write(response, true, Json.MAPPER.writeValueAsString(body), callback);
        } catch (JsonProcessingException e) {
            callback.failed(e);
        }
    }

    private boolean deny(Request request, Response response, Callback callback, int status, String reason) {
        if (settings.debug()) {
            LOG.info("Transport {} path {}: {} from {}: {}", transportId, path, status,
                    Request.getRemoteAddr(request), reason);
        } else {
            REFUSALS.warn("Transport {} path {}: refused a request from {} with {}: {}", transportId, path,
                    Request.getRemoteAddr(request), status, reason);
        }
        reply(response, callback, status, Map.of("error", reason, "args", List.of(), "kwargs", Map.of()));
        return true;
    }

    private static void commonHeaders(Request request, Response response) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN,
                origin == null || origin.equals("null") ? "*" : origin);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store,no-cache,must-revalidate,max-age=0");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=UTF-8");
        String wanted = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS);
        if (wanted != null) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, wanted);
        }
    }

    private static Map<String, String> query(Request request) {
        Map<String, String> out = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        for (Fields.Field field : fields) {
            out.put(field.getName(), field.getValue());
        }
        return out;
    }

    private boolean fromAllowedNetwork(Request request) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return false;
        }
        InetAddress address = inet.getAddress();
        return settings.requireIp().stream().anyMatch(net -> net.contains(address));
    }

    private boolean githubSignatureValid(Request request, byte[] body) {
        String given = request.getHeaders().get("X-Hub-Signature");
        if (given == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1"); // GitHub's legacy header: SHA-1 is what it sends
            mac.init(new SecretKeySpec(settings.githubSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String expected = "sha1=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
            return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    given.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listOrEmpty(Object value) {
        return value == null ? List.of() : value instanceof List<?> l ? (List<Object>) l : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOrEmpty(Object value) {
        return value == null ? Map.of() : value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
