package dev.junction.transport.websocket.internal;

import dev.junction.spi.config.ConfigValidator;
import dev.junction.transport.cookie.CookieSettings;
import dev.junction.transport.endpoint.AuthKeys;
import dev.junction.transport.endpoint.EndpointSettings;
import dev.junction.transport.endpoint.ListenerLifecycle;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * One validated configuration of PID {@value #PID}: everything the transport needs, typed. Built by
 * {@link #parse}, which checks every key with a {@link ConfigValidator} and refuses the whole configuration when one
 * key is bad. Crossbar's nested keys appear flattened with dots ({@code endpoint.port},
 * {@code options.max_message_size}, {@code options.compression.deflate.max_window_bits}).
 *
 * @param pid the configuration's {@code service.pid}, for messages
 * @param id the transport id handed to the router (default: the configuration's instance name)
 * @param debug log every message in and out at INFO
 * @param endpoint where to listen (the shared {@code endpoint.*} keys, TLS included)
 * @param url the optional public {@code ws://}/{@code wss://} URL (informational), or {@code null}
 * @param serializers configured serializer names; empty means every registered serializer
 * @param options the WebSocket options
 * @param authConfig every {@code auth.} key with the prefix removed
 * @param notices INFO lines about keys that are accepted but cannot be honoured (Jetty cannot express them)
 * @param maxSessions open connections this transport accepts; one more handshake gets HTTP 503 (0 = unlimited)
 * @param cookie cookie tracking ({@code cookie.*} keys), or {@code null} when off
 */
record TransportSettings(String pid, String id, boolean debug, EndpointSettings endpoint, URI url, List<String> serializers,
        Options options, Map<String, Object> authConfig, List<String> notices, int maxSessions, CookieSettings cookie)
        implements ListenerLifecycle.Settings {

    static final String PID = "dev.junction.transport.websocket";

    // Defaults shared with the Metatype in WebSocketTransportComponent.Config (annotation defaults must be constants).
    static final String DEFAULT_TYPE = "websocket";
    static final String DEFAULT_ENDPOINT_TYPE = EndpointSettings.DEFAULT_TYPE;
    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_INTERFACE = EndpointSettings.DEFAULT_INTERFACE;
    static final int DEFAULT_BACKLOG = EndpointSettings.DEFAULT_BACKLOG;
    static final int DEFAULT_AUTO_PING_SIZE = 12;
    static final int MAX_MESSAGE_SIZE_LIMIT = 64 * 1024 * 1024;
    /**
     * 16 MiB: Crossbar's unlimited default lets one peer make the router buffer without bound; 16 MiB carries the
     * benchmark's 64 KiB payloads 256 times over and is what RawSocket can announce at most.
     */
    static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
    /**
     * A connection that has not completed its upgrade within this (ms) is closed: Crossbar's default of none lets
     * a client hold a socket by sending nothing, or its headers byte by byte. The same as RawSocket's.
     */
    static final int DEFAULT_OPEN_HANDSHAKE_TIMEOUT = 10_000;
    /** After our close frame, a peer that does not answer within this (ms) is dropped, so its socket is freed. */
    static final int DEFAULT_CLOSE_HANDSHAKE_TIMEOUT = 5_000;
    static final int DEFAULT_MAX_SESSIONS = 20_000;
    static final String COMPRESSION_NONE = "none";
    static final String COMPRESSION_DEFLATE = "deflate";

    static final String OPTIONS = "options.";
    static final String DEFLATE = "options.compression.deflate.";

    static final Set<String> OPTION_KEYS = Set.of("options.max_frame_size", "options.max_message_size",
            "options.auto_fragment_size", "options.open_handshake_timeout", "options.close_handshake_timeout",
            "options.auto_ping_interval", "options.auto_ping_timeout", "options.auto_ping_size",
            "options.auto_ping_restart_on_any_traffic", "options.require_websocket_subprotocol",
            "options.allowed_origins", "options.allow_null_origin", "options.enable_webstatus",
            "options.show_server_version", "options.tcp_nodelay", "options.validate_utf8", "options.fail_by_drop",
            "options.echo_close_codereason", "options.compression",
            DEFLATE + "request_no_context_takeover", DEFLATE + "request_max_window_bits",
            DEFLATE + "no_context_takeover", DEFLATE + "max_window_bits", DEFLATE + "memory_level");

    /**
     * Options Crossbar's checkconfig accepts that have no effect here (legacy protocol variants and framing knobs
     * RFC 6455 fixes, or not implemented): accepted so that Crossbar configurations import, logged when present.
     */
    static final Set<String> IGNORED_OPTION_KEYS = Set.of("options.external_port", "options.enable_hybi10",
            "options.enable_rfc6455", "options.mask_server_frames", "options.require_masked_client_frames",
            "options.apply_mask", "options.enable_flash_policy", "options.flash_policy");

    private static final Pattern SERIALIZER_NAME = Pattern.compile("[a-z][a-z0-9_.]*");

    /**
     * The {@code options.*} keys, Crossbar's names and code defaults (0 means unlimited or off).
     *
     * @param deflate permessage-deflate parameters, or {@code null} when {@code options.compression=none}
     */
    record Options(int maxFrameSize, int maxMessageSize, int autoFragmentSize, int openHandshakeTimeout,
            int closeHandshakeTimeout, int autoPingInterval, int autoPingTimeout, int autoPingSize,
            boolean autoPingRestartOnAnyTraffic, boolean requireWebsocketSubprotocol, List<String> allowedOrigins,
            boolean allowNullOrigin, boolean enableWebstatus, boolean showServerVersion, boolean tcpNoDelay,
            boolean validateUtf8, boolean failByDrop, boolean echoCloseCodeReason, Deflate deflate) {

        /** The size outgoing messages are cut into: the smaller non-zero of auto_fragment_size and max_frame_size. */
        int outgoingFragmentSize() {
            if (autoFragmentSize == 0) {
                return maxFrameSize;
            }
            return maxFrameSize == 0 ? autoFragmentSize : Math.min(autoFragmentSize, maxFrameSize);
        }
    }

    /**
     * {@code options.compression.deflate.*}. Window bits and memory level: 0 means "not set" (Crossbar's code
     * default {@code None}).
     */
    record Deflate(boolean requestNoContextTakeover, int requestMaxWindowBits, boolean noContextTakeover,
            int maxWindowBits, int memoryLevel) {
    }

    /** Thrown by {@link #parse} for a configuration that must be refused; the message is the one log line. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message, null, false, false);
        }
    }

    /** The configuration's {@code service.pid}, or the factory PID when there is none (tests). */
    static String pidOf(Map<String, ?> properties) {
        Object pid = properties.get("service.pid");
        return pid == null ? PID : pid.toString();
    }

    /** The configuration's instance name ({@link ConfigValidator#instanceName}). */
    static String instanceName(Map<String, ?> properties) {
        return ConfigValidator.instanceName(properties, PID);
    }

    /**
     * Checks every key and builds the settings.
     *
     * @throws RefusedException with the single log line naming the PID, every bad key, its value and what is allowed
     */
    static TransportSettings parse(Map<String, ?> properties) throws RefusedException {
        return parse(properties, System::getenv);
    }

    static TransportSettings parse(Map<String, ?> properties, UnaryOperator<String> environment)
            throws RefusedException {
        String pid = pidOf(properties);
        ConfigValidator v = new ConfigValidator(pid, properties);
        List<String> notices = new ArrayList<>();

        String id = v.string("id", "");
        if (id.isEmpty()) {
            id = instanceName(properties);
        }
        v.oneOf("type", DEFAULT_TYPE, DEFAULT_TYPE);
        boolean debug = v.bool("debug", false);

        EndpointSettings endpoint = EndpointSettings.parse(v, DEFAULT_PORT, notices, environment);
        URI url = parseUrl(v);

        List<String> serializers = new ArrayList<>();
        for (String name : v.list("serializers", List.of())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!SERIALIZER_NAME.matcher(lower).matches()) {
                v.error("serializers", v.raw("serializers"), "allowed serializer names such as json, msgpack");
            } else if (!serializers.contains(lower)) {
                serializers.add(lower);
            }
        }

        Options options = parseOptions(v, notices);
        int maxSessions = v.integer("max_sessions", DEFAULT_MAX_SESSIONS, 0, Integer.MAX_VALUE);

        for (String key : new TreeSet<>(properties.keySet())) {
            if (IGNORED_OPTION_KEYS.contains(key)) {
                notices.add(key + "=" + ConfigValidator.render(properties.get(key))
                        + " is accepted for Crossbar compatibility but has no effect in Junction");
            }
        }
        CookieSettings cookie = CookieSettings.parse(v, CookieSettings.defaultBaseDirectory());
        Map<String, Object> auth = AuthKeys.check(v, endpoint != null && endpoint.isTls()
                && endpoint.tls().requestsClientCertificates(), cookie != null);

        if (!v.ok()) {
            throw new RefusedException(v.summary());
        }
        return new TransportSettings(pid, id, debug, endpoint, url, List.copyOf(serializers), options,
                auth, List.copyOf(notices), maxSessions, cookie);
    }

    private static URI parseUrl(ConfigValidator v) {
        String text = v.string("url", "");
        if (text.isEmpty()) {
            return null;
        }
        String allowed = "allowed a ws:// or wss:// URL with a host and without query or fragment";
        try {
            URI url = new URI(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ws") && !scheme.equals("wss") || url.getHost() == null || url.getRawQuery() != null
                    || url.getRawFragment() != null) {
                v.error("url", text, allowed);
                return null;
            }
            return url;
        } catch (URISyntaxException e) {
            v.error("url", text, allowed);
            return null;
        }
    }

    private static Options parseOptions(ConfigValidator v, List<String> notices) {
        v.onlyKnownKeys(OPTIONS, union(OPTION_KEYS, IGNORED_OPTION_KEYS));
        int maxFrameSize = v.integer("options.max_frame_size", 0, 0, Integer.MAX_VALUE);
        int maxMessageSize = v.integer("options.max_message_size", DEFAULT_MAX_MESSAGE_SIZE, s -> s >= 0 && s <= MAX_MESSAGE_SIZE_LIMIT,
                "allowed 0 (unlimited) or 1.." + MAX_MESSAGE_SIZE_LIMIT + " (64 MiB)");
        int autoFragmentSize = v.integer("options.auto_fragment_size", 0, 0, Integer.MAX_VALUE);
        int openHandshakeTimeout = v.millis("options.open_handshake_timeout", DEFAULT_OPEN_HANDSHAKE_TIMEOUT);
        int closeHandshakeTimeout = v.millis("options.close_handshake_timeout", DEFAULT_CLOSE_HANDSHAKE_TIMEOUT);
        int autoPingInterval = v.millis("options.auto_ping_interval", 0);
        int autoPingTimeout = v.millis("options.auto_ping_timeout", 0);
        int autoPingSize = v.integer("options.auto_ping_size", DEFAULT_AUTO_PING_SIZE, 12, 125);
        boolean restartOnTraffic = v.bool("options.auto_ping_restart_on_any_traffic", true);
        boolean requireSubprotocol = v.bool("options.require_websocket_subprotocol", true);
        List<String> origins = v.list("options.allowed_origins", List.of("*"));
        boolean allowNullOrigin = v.bool("options.allow_null_origin", true);
        boolean webstatus = v.bool("options.enable_webstatus", true);
        boolean showVersion = v.bool("options.show_server_version", false);
        boolean tcpNoDelay = v.bool("options.tcp_nodelay", true);
        boolean validateUtf8 = v.bool("options.validate_utf8", true);
        boolean failByDrop = v.bool("options.fail_by_drop", false);
        boolean echoClose = v.bool("options.echo_close_codereason", false);
        String compression = v.oneOf("options.compression", COMPRESSION_NONE, COMPRESSION_NONE, COMPRESSION_DEFLATE);

        // Validated whatever options.compression says: the console posts them with their defaults anyway.
        boolean requestNoContextTakeover = v.bool(DEFLATE + "request_no_context_takeover", false);
        int requestMaxWindowBits = v.integer(DEFLATE + "request_max_window_bits", 0,
                b -> b == 0 || b >= 9 && b <= 15, "allowed 0 (do not request) or 9..15");
        boolean noContextTakeover = v.bool(DEFLATE + "no_context_takeover", false);
        int maxWindowBits = v.integer(DEFLATE + "max_window_bits", 0, b -> b == 0 || b >= 9 && b <= 15,
                "allowed 0 (zlib default, 15) or 9..15");
        int memoryLevel = v.integer(DEFLATE + "memory_level", 0, l -> l >= 0 && l <= 9,
                "allowed 0 (zlib default, 8) or 1..9");

        Deflate deflate = null;
        if (COMPRESSION_DEFLATE.equals(compression)) {
            deflate = new Deflate(requestNoContextTakeover, requestMaxWindowBits, noContextTakeover, maxWindowBits,
                    memoryLevel);
            if (requestMaxWindowBits != 0) {
                notices.add(DEFLATE + "request_max_window_bits=" + requestMaxWindowBits
                        + " cannot be honoured: Jetty does not negotiate client_max_window_bits");
            }
            if (maxWindowBits != 0) {
                notices.add(DEFLATE + "max_window_bits=" + maxWindowBits
                        + " cannot be honoured: Jetty always compresses with a 15-bit window");
            }
            if (memoryLevel != 0) {
                notices.add(DEFLATE + "memory_level=" + memoryLevel
                        + " cannot be honoured: Jetty always uses zlib's default memory level");
            }
        }
        if (!validateUtf8) {
            // The JSON serializer passes payloads through without decoding them, so an unchecked message could carry
            // malformed UTF-8 to other sessions, whose clients would close with 1007.
            notices.add("options.validate_utf8=false cannot be honoured: text messages are always validated, since"
                    + " their payloads reach other sessions undecoded");
        }
        for (String origin : origins) {
            if (origin.isBlank()) {
                v.error("options.allowed_origins", v.raw("options.allowed_origins"), "allowed origin patterns");
            }
        }
        return new Options(maxFrameSize, maxMessageSize, autoFragmentSize, openHandshakeTimeout,
                closeHandshakeTimeout, autoPingInterval, autoPingTimeout, autoPingSize, restartOnTraffic,
                requireSubprotocol, origins, allowNullOrigin, webstatus, showVersion, tcpNoDelay, validateUtf8,
                failByDrop, echoClose, deflate);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
