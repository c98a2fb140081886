package dev.junction.transport.web.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.junction.spi.config.ConfigValidator;

/**
 * One validated path service, a configuration of factory PID {@value #PID}: which web transport it belongs to
 * ({@code transport}, the transport's id), the URL path it answers ({@code path}), its {@code type} and the type's
 * own keys, flattened as Crossbar nests them ({@code options.post_body_limit}). A {@code websocket} path takes the
 * keys of {@code dev.junction.transport.websocket} (except {@code endpoint.*}); they are checked by the WebSocket
 * transport's own code when the path is mounted.
 *
 * @param pid the configuration's {@code service.pid}
 * @param transport id of the web transport this path belongs to
 * @param path the normalised URL path: {@code /} or {@code /seg[/seg...]} without a trailing slash
 * @param type the path service type
 * @param service the type's settings
 */
record PathSettings(String pid, String transport, String path, String type, Service service) {

    static final String PID = "dev.junction.transport.web.path";
    static final String STATIC = "static";
    static final String WEBSOCKET = "websocket";
    static final String REDIRECT = "redirect";
    static final String JSON = "json";
    static final String NODEINFO = "nodeinfo";
    static final String PUBLISHER = "publisher";
    static final String CALLER = "caller";
    static final String WEBHOOK = "webhook";
    static final String[] TYPES = { STATIC, WEBSOCKET, REDIRECT, JSON, NODEINFO, PUBLISHER, CALLER, WEBHOOK };

    static final int DEFAULT_CACHE_TIMEOUT = 12 * 3600;
    static final int DEFAULT_TIMESTAMP_DELTA_LIMIT = 300;
    /** What a bridge reads at most when {@code post_body_limit} is 0 (Crossbar's "unlimited"). */
    static final int BODY_HARD_LIMIT = 16 * 1024 * 1024;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@-]+");

    /** A path service's own settings. */
    sealed interface Service {
    }

    /**
     * {@code static}: files of {@code directory}.
     *
     * @param cacheTimeout {@code Cache-Control: max-age} in seconds (0: no caching header)
     * @param mimeTypes extra extension (without dot, lower case) to content type mappings
     */
    record StaticService(Path directory, boolean directoryListing, int cacheTimeout, Map<String, String> mimeTypes)
            implements Service {
    }

    /** {@code websocket}: the configuration map handed to the WebSocket transport's code. */
    record WebSocketService(Map<String, Object> properties) implements Service {
    }

    /** {@code redirect}: 302 to {@code url}. */
    record RedirectService(String url) implements Service {
    }

    /** {@code json}: a fixed JSON value, already serialised. */
    record JsonService(String body) implements Service {
    }

    /** {@code nodeinfo}: a status page. */
    record NodeInfoService() implements Service {
    }

    /**
     * The HTTP bridge ({@code publisher}, {@code caller}, {@code webhook}).
     *
     * @param key signed requests' key, or {@code null}
     * @param secret the HMAC secret; signed requests are required when set
     * @param requireIp networks a client must come from (empty: any)
     * @param postBodyLimit largest body in bytes (0: Crossbar's unlimited, bounded by {@link #BODY_HARD_LIMIT})
     * @param timestampDeltaLimit how far (seconds) a signed request's timestamp may be from now
     * @param topic webhook only: where to publish
     * @param githubSecret webhook only: check GitHub's {@code X-Hub-Signature}, or {@code null}
     */
    record BridgeService(String realm, String role, String key, String secret, boolean requireTls,
            List<IpNetwork> requireIp, int postBodyLimit, int timestampDeltaLimit, boolean debug, String topic,
            String successResponse, String errorResponse, String githubSecret) implements Service {
    }

    /** Thrown by {@link #parse}; the message is the one log line. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Checks every key of the configuration and builds the settings.
     *
     * @param baseDirectory what a relative {@code directory} is resolved against (Karaf's etc/)
     */
    static PathSettings parse(Map<String, ?> properties, Path baseDirectory) throws RefusedException {
        Object servicePid = properties.get("service.pid");
        String pid = servicePid == null ? PID : servicePid.toString();
        ConfigValidator v = new ConfigValidator(pid, properties);
        String transport = v.string("transport", "");
        if (transport.isEmpty()) {
            v.error("transport", v.raw("transport"), "required: the id of a dev.junction.transport.web configuration");
        }
        String path = normalisePath(v);
        String type = v.oneOf("type", "", TYPES);
        if (type.isEmpty()) {
            v.error("type", v.raw("type"), "required: one of " + String.join(", ", TYPES));
        }
        Service service = switch (type) {
            case STATIC -> staticService(v, baseDirectory);
            case WEBSOCKET -> new WebSocketService(webSocketProperties(properties, pid));
            case REDIRECT -> redirect(v);
            case JSON -> json(v);
            case NODEINFO -> new NodeInfoService();
            case PUBLISHER, CALLER, WEBHOOK -> bridge(v, type);
            default -> null;
        };
        if (!v.ok()) {
            throw new RefusedException(v.summary());
        }
        return new PathSettings(pid, transport, path, type, service);
    }

    private static String normalisePath(ConfigValidator v) {
        String raw = v.string("path", "");
        String allowed = "required: / or a URL path such as /ws or /app/call (segments of letters, digits and "
                + "-._~!$&'()*+,;=:@, no . or .. segments)";
        if (raw.isEmpty()) {
            v.error("path", v.raw("path"), allowed);
            return "/";
        }
        String trimmed = raw.replaceAll("^/+", "").replaceAll("/+$", "");
        if (trimmed.isEmpty()) {
            return "/";
        }
        for (String segment : trimmed.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                v.error("path", raw, allowed);
                return "/";
            }
        }
        return "/" + trimmed;
    }

    private static StaticService staticService(ConfigValidator v, Path base) {
        String directory = v.string("directory", "");
        if (directory.isEmpty()) {
            v.error("directory", v.raw("directory"), "required: a directory (relative ones are under etc/)");
            return null;
        }
        Path dir = base.resolve(directory).toAbsolutePath().normalize();
        if (!java.nio.file.Files.isDirectory(dir)) {
            v.error("directory", v.raw("directory"), "not a directory (" + dir + ")");
        }
        boolean listing = v.bool("options.enable_directory_listing", false);
        int cacheTimeout = v.integer("options.cache_timeout", DEFAULT_CACHE_TIMEOUT, 0, Integer.MAX_VALUE);
        Map<String, String> mimeTypes = new LinkedHashMap<>();
        for (String line : v.list("options.mime_types", List.of())) {
            int eq = line.indexOf('=');
            String ext = eq < 0 ? "" : line.substring(0, eq).trim().replaceFirst("^\\.", "").toLowerCase(Locale.ROOT);
            String contentType = eq < 0 ? "" : line.substring(eq + 1).trim();
            if (ext.isEmpty() || !contentType.matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;.*)?")) {
                v.error("options.mime_types", v.raw("options.mime_types"),
                        "allowed lines .ext=type/subtype, e.g. .wasm=application/wasm");
                break;
            }
            mimeTypes.put(ext, contentType);
        }
        v.onlyKnownKeys("options.", Set.of("options.enable_directory_listing", "options.cache_timeout",
                "options.mime_types"));
        return new StaticService(dir, listing, cacheTimeout, Map.copyOf(mimeTypes));
    }

    private static RedirectService redirect(ConfigValidator v) {
        String url = v.string("url", "");
        try {
            URI uri = new URI(url);
            if (url.isEmpty() || (!uri.isAbsolute() && !url.startsWith("/"))) {
                throw new URISyntaxException(url, "not absolute");
            }
        } catch (URISyntaxException e) {
            v.error("url", v.raw("url"), "required: an absolute URL or a path starting with /");
        }
        return new RedirectService(url);
    }

    private static JsonService json(ConfigValidator v) {
        String text = v.string("value", "");
        try {
            if (text.isEmpty()) {
                throw new IllegalArgumentException();
            }
            return new JsonService(Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(text)));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            v.error("value", v.raw("value"), "required: a JSON value, e.g. {\"version\": 1}");
            return null;
        }
    }

    private static BridgeService bridge(ConfigValidator v, String type) {
        String realm = v.string("realm", "");
        if (realm.isEmpty()) {
            v.error("realm", v.raw("realm"), "required: the realm the bridge session joins");
        }
        String role = v.string("role", "anonymous");
        String key = emptyToNull(v.string("options.key", ""));
        String secret = emptyToNull(v.string("options.secret", ""));
        if ((key == null) != (secret == null)) {
            v.error(key == null ? "options.key" : "options.secret", "", "required together with the other of "
                    + "options.key and options.secret (signed requests)");
        }
        boolean requireTls = v.bool("options.require_tls", false);
        List<IpNetwork> networks = new java.util.ArrayList<>();
        for (String net : v.list("options.require_ip", List.of())) {
            try {
                networks.add(IpNetwork.parse(net));
            } catch (IllegalArgumentException e) {
                v.error("options.require_ip", v.raw("options.require_ip"),
                        "allowed addresses or networks such as 127.0.0.1, 10.0.0.0/8, ::1/128");
                break;
            }
        }
        int bodyLimit = v.integer("options.post_body_limit", 0, 0, BODY_HARD_LIMIT);
        int delta = v.integer("options.timestamp_delta_limit", DEFAULT_TIMESTAMP_DELTA_LIMIT, 0, Integer.MAX_VALUE);
        boolean debug = v.bool("options.debug", false);
        String topic = null;
        String success = null;
        String error = null;
        String github = null;
        Set<String> known = new java.util.HashSet<>(Set.of("options.key", "options.secret", "options.require_tls",
                "options.require_ip", "options.post_body_limit", "options.timestamp_delta_limit", "options.debug"));
        if (WEBHOOK.equals(type)) {
            topic = v.string("options.topic", "");
            if (topic.isEmpty()) {
                v.error("options.topic", v.raw("options.topic"), "required: the topic the webhook publishes to");
            }
            success = v.string("options.success_response", "OK");
            error = v.string("options.error_response", "NOT OK");
            github = emptyToNull(v.string("options.github_secret", ""));
            known.addAll(Set.of("options.topic", "options.success_response", "options.error_response",
                    "options.github_secret"));
        }
        v.onlyKnownKeys("options.", known);
        return new BridgeService(realm, role.isEmpty() ? "anonymous" : role, key, secret, requireTls,
                List.copyOf(networks), bodyLimit, delta, debug, topic, success, error, github);
    }

    /** A websocket path's map for the WebSocket transport's code: everything but the path's own keys. */
    private static Map<String, Object> webSocketProperties(Map<String, ?> properties, String pid) {
        Map<String, Object> out = new LinkedHashMap<>();
        properties.forEach((k, value) -> {
            if (!k.equals("transport") && !k.equals("path") && !k.startsWith("endpoint.")) {
                out.put(k, value);
            }
        });
        out.put("service.pid", pid);
        return out;
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
