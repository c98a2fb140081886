package dev.junction.transport.rawsocket.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import dev.junction.spi.config.ConfigValidator;
import dev.junction.transport.endpoint.AuthKeys;
import dev.junction.transport.endpoint.EndpointSettings;
import dev.junction.transport.endpoint.ListenerLifecycle;

/**
 * One validated configuration of PID {@value #PID}, Crossbar's {@code rawsocket} transport flattened with dots.
 * Built by {@link #parse}, which checks every key and refuses the whole configuration when one is bad.
 *
 * @param pid the configuration's {@code service.pid}, for messages
 * @param id the transport id handed to the router (default: the configuration's instance name)
 * @param debug log every message in and out at INFO
 * @param endpoint where to listen: the shared {@code endpoint.*} keys (tcp, unix, tls)
 * @param serializers configured serializer names; empty means every registered serializer
 * @param maxMessageSize the largest inbound message; the handshake announces the largest power of two not above it
 * @param minPeerMaxMessageSize a client announcing a smaller maximum is refused with error 2; 0 accepts any
 * @param maxConnections connections beyond this count are refused with error 4; 0 is unlimited
 * @param openHandshakeTimeout close a connection whose 4 handshake octets have not arrived within this (ms); 0 is off
 * @param autoPingInterval send a PING this often (ms); 0 is off
 * @param autoPingTimeout drop the connection when the PONG is this late (ms); 0 is off
 * @param authConfig every {@code auth.} key with the prefix removed
 * @param notices INFO lines about keys accepted but not honoured
 */
record RawSocketSettings(String pid, String id, boolean debug, EndpointSettings endpoint, List<String> serializers,
        int maxMessageSize, int minPeerMaxMessageSize, int maxConnections, int openHandshakeTimeout,
        int autoPingInterval, int autoPingTimeout,
        Map<String, Object> authConfig, List<String> notices)
        implements ListenerLifecycle.Settings {

    static final String PID = "dev.junction.transport.rawsocket";
    static final String TYPE = "rawsocket";
    static final int DEFAULT_PORT = 8081;
    /** Crossbar's default (its docs and code: 128 kB). */
    static final int DEFAULT_MAX_MESSAGE_SIZE = 128 * 1024;
    /** A client that connects and says nothing is dropped after this (ms): a socket is not free. */
    static final int DEFAULT_OPEN_HANDSHAKE_TIMEOUT = 10_000;
    /**
     * Connections one listener accepts, as the WebSocket transport's {@code max_sessions}: twice the 10,000 sessions
     * of the benchmark, and a bound on the sockets and session state one listener can be made to hold.
     */
    static final int DEFAULT_MAX_CONNECTIONS = 20_000;

    static final Set<String> OPTION_KEYS = Set.of("options.max_message_size", "options.min_peer_max_message_size",
            "options.max_connections", "options.open_handshake_timeout", "options.auto_ping_interval",
            "options.auto_ping_timeout");

    private static final Pattern SERIALIZER_NAME = Pattern.compile("[a-z][a-z0-9_.]*");

    /** Thrown by {@link #parse} for a configuration that must be refused; the message is the one log line. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message, null, false, false);
        }
    }

    static RawSocketSettings parse(Map<String, ?> properties) throws RefusedException {
        return parse(properties, System::getenv);
    }

    static RawSocketSettings parse(Map<String, ?> properties, UnaryOperator<String> environment)
            throws RefusedException {
        String pid = pidOf(properties);
        ConfigValidator v = new ConfigValidator(pid, properties);
        List<String> notices = new ArrayList<>();

        String id = v.string("id", "");
        if (id.isEmpty()) {
            id = instanceName(properties);
        }
        v.oneOf("type", TYPE, TYPE);
        boolean debug = v.bool("debug", false);
        EndpointSettings endpoint = EndpointSettings.parse(v, DEFAULT_PORT, notices, environment);

        List<String> serializers = new ArrayList<>();
        for (String name : v.list("serializers", List.of())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!SERIALIZER_NAME.matcher(lower).matches()) {
                v.error("serializers", v.raw("serializers"), "allowed serializer names such as json, msgpack");
            } else if (!serializers.contains(lower)) {
                serializers.add(lower);
            }
        }

        v.onlyKnownKeys("options.", OPTION_KEYS);
        String sizes = "allowed 1.." + RawSocketProtocol.MAX_ANNOUNCED_LENGTH
                + " (16 MiB, the most a RawSocket handshake can announce)";
        // Crossbar's older documentation puts max_message_size at the top level, its code under options.
        String sizeKey = v.has("options.max_message_size") || !v.has("max_message_size") ? "options.max_message_size"
                : "max_message_size";
        int maxMessageSize = v.integer(sizeKey, DEFAULT_MAX_MESSAGE_SIZE,
                s -> s >= 1 && s <= RawSocketProtocol.MAX_ANNOUNCED_LENGTH, sizes);
        if (maxMessageSize < RawSocketProtocol.MIN_ANNOUNCED_LENGTH) {
            notices.add(sizeKey + "=" + maxMessageSize + " is below 512, the smallest maximum a RawSocket handshake "
                    + "can announce: messages up to 512 bytes are accepted");
        }
        int minPeer = v.integer("options.min_peer_max_message_size", 0,
                s -> s >= 0 && s <= RawSocketProtocol.MAX_ANNOUNCED_LENGTH,
                "allowed 0 (accept any) or 1.." + RawSocketProtocol.MAX_ANNOUNCED_LENGTH);
        int maxConnections = v.integer("options.max_connections", DEFAULT_MAX_CONNECTIONS, 0, Integer.MAX_VALUE);
        int openHandshakeTimeout = v.millis("options.open_handshake_timeout", DEFAULT_OPEN_HANDSHAKE_TIMEOUT);
        int autoPingInterval = v.millis("options.auto_ping_interval", 0);
        int autoPingTimeout = v.millis("options.auto_ping_timeout", 0);
        for (String key : v.withPrefix("cookie.").keySet()) {
            v.error("cookie." + key, v.raw("cookie." + key), "cookie tracking needs HTTP: not available on RawSocket "
                    + "(as in Crossbar)");
        }
        Map<String, Object> auth = AuthKeys.check(v, endpoint != null && endpoint.isTls()
                && endpoint.tls().requestsClientCertificates(), false);
        if (!v.ok()) {
            throw new RefusedException(v.summary());
        }
        return new RawSocketSettings(pid, id, debug, endpoint, List.copyOf(serializers), maxMessageSize, minPeer,
                maxConnections, openHandshakeTimeout, autoPingInterval, autoPingTimeout, auth,
                List.copyOf(notices));
    }

    /** The largest payload accepted: the configured size, but never below what the handshake announced. */
    int inboundLimit() {
        return Math.max(maxMessageSize, 1 << (9 + RawSocketProtocol.lengthExponent(maxMessageSize)));
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
}
