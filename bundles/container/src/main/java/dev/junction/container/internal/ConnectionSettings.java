package dev.junction.container.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.net.ssl.SSLContext;

import dev.junction.client.ClientAuth;
import dev.junction.client.ClientOptions;
import dev.junction.client.TlsFiles;
import dev.junction.spi.config.ConfigValidator;

/**
 * A validated connecting transport configuration, {@code dev.junction.connect.websocket} or
 * {@code dev.junction.connect.rawsocket}: Crossbar's connecting transport keys (url, serializers, the endpoint with
 * its timeout, TLS and, for RawSocket, Unix socket path), plus the realm, the component's credentials, and
 * autobahn's reconnect settings (ApplicationRunner's names and defaults, the delays in seconds). The TLS context is
 * built here, so a missing or unreadable PEM file is a configuration error naming its key, not a failed attempt.
 */
record ConnectionSettings(String id, String type, URI url, String realm, List<String> serializers, Duration timeout,
        List<ClientAuth> auth, Backoff backoff, SSLContext tls, String tlsHostname, Path unixSocket,
        Duration pingInterval, Duration pingTimeout) {

    static final String WEBSOCKET_PID = "dev.junction.connect.websocket";
    static final String RAWSOCKET_PID = "dev.junction.connect.rawsocket";

    /** Where the components connect, for logs and the status listing. */
    String target() {
        return unixSocket != null ? url + " (unix socket " + unixSocket + ")" : url.toString();
    }

    /** The client options for this connection (without serializers, which depend on the installed bundles). */
    ClientOptions.Builder clientOptions() {
        ClientOptions.Builder options = ClientOptions.builder(url, realm).connectTimeout(timeout).joinTimeout(timeout)
                .tls(tls).tlsHostname(tlsHostname).unixSocket(unixSocket).autoPing(pingInterval, pingTimeout);
        auth.forEach(options::auth);
        return options;
    }

    /** The settings of a {@code type} (websocket or rawsocket) connection, or {@code null} with every problem in v. */
    static ConnectionSettings parse(ConfigValidator v, String instanceName, String type) {
        String id = v.string("id", instanceName);
        v.oneOf("type", type, type);
        boolean raw = "rawsocket".equals(type);
        URI uri = raw ? rawSocketUrl(v) : webSocketUrl(v);
        String realm = v.string("realm", null);
        if (realm == null || realm.isBlank()) {
            v.error("realm", realm, "allowed the name of a realm on that router");
        }
        List<String> serializers = v.list("serializers", List.of("json", "msgpack"));
        if (raw && v.raw("serializer") != null) {
            // Crossbar's connecting RawSocket transport names one serializer.
            serializers = List.of(v.oneOf("serializer", "json", "json", "msgpack", "cbor"));
        }
        int timeout = v.integer("endpoint.timeout", 10, 1, 600);
        Path unix = null;
        if (raw && "unix".equals(v.oneOf("endpoint.type", "tcp", "tcp", "unix"))) {
            String path = v.string("endpoint.path", null);
            if (path == null || path.isBlank()) {
                v.error("endpoint.path", path, "required with endpoint.type unix: the router's socket file");
            } else {
                unix = Path.of(path);
            }
            if (uri != null && "rss".equals(uri.getScheme())) {
                v.error("url", uri, "allowed rs:// with a unix endpoint (no TLS on a Unix socket)");
            }
        } else if (!raw) {
            v.oneOf("endpoint.type", "tcp", "tcp");
        }
        String tlsHostname = v.string("endpoint.tls.hostname", null);
        List<String> caFiles = v.list("endpoint.tls.ca_certificates", List.of());
        String certificate = v.string("endpoint.tls.certificate", null);
        String key = v.string("endpoint.tls.key", null);
        boolean secure = uri != null && (uri.getScheme().equals("wss") || uri.getScheme().equals("rss"));
        if (!secure && (tlsHostname != null || !caFiles.isEmpty() || certificate != null)) {
            v.error("url", uri, "allowed " + (raw ? "rss://" : "wss://") + " with endpoint.tls.* keys (they set up "
                    + "TLS, which the URL does not ask for)");
        }
        if ((certificate == null) != (key == null)) {
            v.error(certificate == null ? "endpoint.tls.certificate" : "endpoint.tls.key", null,
                    "endpoint.tls.certificate and endpoint.tls.key go together (a client certificate and its key)");
        }
        SSLContext tls = null;
        if (secure && v.ok()) {
            try {
                tls = TlsFiles.context(caFiles.stream().map(Path::of).toList(),
                        certificate == null ? null : Path.of(certificate), key == null ? null : Path.of(key));
            } catch (IOException | RuntimeException e) {
                v.error(certificate != null ? "endpoint.tls.certificate" : "endpoint.tls.ca_certificates",
                        certificate != null ? certificate : caFiles, "readable PEM files: " + e.getMessage());
            }
        }
        List<ClientAuth> auth = new ArrayList<>();
        String authid = v.string("authid", null);
        String privateKey = v.string("auth.cryptosign.private_key", null);
        if (privateKey != null && !privateKey.isBlank()) {
            try {
                byte[] seed = HexFormat.of().parseHex(privateKey.trim());
                auth.add(new ClientAuth.Cryptosign(authid, seed));
            } catch (IllegalArgumentException e) {
                v.error("auth.cryptosign.private_key", "(hidden)", "allowed 64 hex digits (a 32-byte Ed25519 seed)");
            }
        }
        String secret = v.string("auth.wampcra.secret", null);
        if (secret != null && !secret.isEmpty()) {
            auth.add(new ClientAuth.WampCra(authid, secret));
        }
        String ticket = v.string("auth.ticket.ticket", null);
        if (ticket != null && !ticket.isEmpty()) {
            auth.add(new ClientAuth.Ticket(authid, ticket));
        }
        if (!auth.isEmpty() && (authid == null || authid.isBlank())) {
            v.error("authid", authid, "required with ticket, wampcra or cryptosign credentials");
        }
        int pingInterval = pingMillis(v, "options.auto_ping_interval", 10000);
        int pingTimeout = pingMillis(v, "options.auto_ping_timeout", 5000);
        int maxRetries = v.integer("retry.max_retries", -1, -1, Integer.MAX_VALUE);
        double initial = decimal(v, "retry.initial_retry_delay", 1.0, 0.01, 3600);
        double max = decimal(v, "retry.max_retry_delay", 300, 0.01, 86400);
        double growth = decimal(v, "retry.retry_delay_growth", 1.5, 1.0, 10);
        double jitter = decimal(v, "retry.retry_delay_jitter", 0.1, 0, 1);
        if (!v.ok()) {
            return null;
        }
        return new ConnectionSettings(id, type, uri, realm, serializers, Duration.ofSeconds(timeout),
                List.copyOf(auth), new Backoff(maxRetries, initial, Math.max(initial, max), growth, jitter), tls,
                tlsHostname, unix, Duration.ofMillis(pingInterval), Duration.ofMillis(pingTimeout));
    }

    /** A heartbeat setting in ms, as the listening transports' options: 0 (off) or at least 100. */
    private static int pingMillis(ConfigValidator v, String key, int def) {
        return v.integer(key, def, ms -> ms == 0 || ms >= 100, "0 (off) or 100.. ms");
    }

    private static URI webSocketUrl(ConfigValidator v) {
        String url = v.string("url", null);
        if (url == null || !(url.startsWith("ws://") || url.startsWith("wss://"))) {
            v.error("url", url, "allowed a ws:// or wss:// URL of the router's WebSocket transport");
            return null;
        }
        return parseUri(v, url);
    }

    /**
     * RawSocket: {@code url} ({@code rs://host:port} or {@code rss://host:port}), or Crossbar's
     * {@code endpoint.host} and {@code endpoint.port} (which win over the URL's); TLS with {@code rss://} or when
     * {@code endpoint.tls.hostname} is set, as Crossbar's tls block requires it.
     */
    private static URI rawSocketUrl(ConfigValidator v) {
        String url = v.string("url", null);
        URI given = null;
        if (url != null) {
            if (!(url.startsWith("rs://") || url.startsWith("rss://"))) {
                v.error("url", url, "allowed an rs:// or rss:// URL of the router's RawSocket transport");
                return null;
            }
            given = parseUri(v, url);
            if (given == null) {
                return null;
            }
        }
        boolean unix = "unix".equals(v.string("endpoint.type", "tcp"));
        String host = v.string("endpoint.host", given != null && given.getHost() != null ? given.getHost()
                : unix ? "localhost" : null);
        int port = v.integer("endpoint.port", given != null && given.getPort() > 0 ? given.getPort() : unix ? 0 : -1,
                unix ? 0 : 1, 65535);
        if (host == null || host.isBlank()) {
            v.error("endpoint.host", host, "required: the router's host (or give url = rs://host:port)");
        }
        if (port < 0) {
            v.error("endpoint.port", null, "required: the router's RawSocket port (or give url = rs://host:port)");
        }
        if (!v.ok()) {
            return null;
        }
        boolean tls = (given != null && "rss".equals(given.getScheme())) || v.raw("endpoint.tls.hostname") != null;
        return parseUri(v, (tls ? "rss://" : "rs://") + (host.contains(":") ? "[" + host + "]" : host)
                + (port > 0 ? ":" + port : ""));
    }

    private static URI parseUri(ConfigValidator v, String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            v.error("url", url, "not a URL: " + e.getMessage());
            return null;
        }
    }

    private static double decimal(ConfigValidator v, String key, double def, double min, double max) {
        Object raw = v.raw(key);
        if (raw == null || (raw instanceof String s && s.isBlank())) {
            return def;
        }
        try {
            double d = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        v.error(key, raw, "allowed a number " + min + ".." + max);
        return def;
    }
}
