package dev.junction.transport.endpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.junction.spi.config.ConfigValidator;
import dev.junction.transport.endpoint.internal.CipherNames;
import dev.junction.transport.endpoint.internal.TlsMaterial;

/**
 * Where a transport listens: Crossbar's listening endpoint, flattened ({@code endpoint.type}, {@code endpoint.port},
 * {@code endpoint.tls.key}, ...), checked by {@link #parse}. A change of any of these keys needs a new socket.
 *
 * @param type {@code tcp} or {@code unix}
 * @param port TCP port; 0 picks a free port (a Junction extension, used by tests)
 * @param host the interface to bind, or {@code null} for all interfaces
 * @param backlog the accept queue size
 * @param path the unix socket path, or {@code null} for TCP
 * @param tls TLS on a tcp endpoint, or {@code null} for plain TCP and unix sockets
 */
public record EndpointSettings(String type, int port, String host, int backlog, Path path, TlsSettings tls) {

    public static final String DEFAULT_TYPE = "tcp";
    public static final String DEFAULT_INTERFACE = "127.0.0.1";
    public static final int DEFAULT_BACKLOG = 50;

    private static final String PREFIX = "endpoint.";
    private static final String TLS = "endpoint.tls.";

    /** Every key under {@code endpoint.} that Junction knows. Others are refused, as in Crossbar's checkconfig. */
    public static final Set<String> KEYS = Set.of("endpoint.type", "endpoint.port", "endpoint.interface",
            "endpoint.backlog", "endpoint.path", TLS + "key", TLS + "certificate", TLS + "chain_certificates",
            TLS + "ca_certificates", TLS + "ciphers", TLS + "dhparam", TLS + "key_password", TLS + "keystore",
            TLS + "keystore_type", TLS + "keystore_password");

    /** Crossbar endpoint keys that Junction does not implement: refused rather than silently ignored. */
    private static final Set<String> UNSUPPORTED_KEYS = Set.of("endpoint.version", "endpoint.portrange",
            "endpoint.shared", "endpoint.user_timeout");

    private static final Pattern INTERFACE = Pattern.compile("[0-9A-Za-z.:%_\\-]*");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");

    public EndpointSettings {
        if (!"tcp".equals(type) && !"unix".equals(type)) {
            throw new IllegalArgumentException("type " + type);
        }
    }

    /** A plain endpoint without TLS. */
    public EndpointSettings(String type, int port, String host, int backlog, Path path) {
        this(type, port, host, backlog, path, null);
    }

    public boolean isUnix() {
        return "unix".equals(type);
    }

    public boolean isTls() {
        return tls != null;
    }

    /** {@code tcp:127.0.0.1:8080}, {@code tls:*:8443} or {@code unix:/run/junction.sock}. */
    public String describe(int actualPort) {
        if (isUnix()) {
            return "unix:" + path;
        }
        String shownHost = host == null ? "*" : host.contains(":") ? "[" + host + "]" : host;
        return (isTls() ? "tls:" : "tcp:") + shownHost + ":" + actualPort;
    }

    /** Checks the {@code endpoint.*} keys with the environment of this process. */
    public static EndpointSettings parse(ConfigValidator v, int defaultPort, List<String> notices) {
        return parse(v, defaultPort, notices, System::getenv);
    }

    /**
     * Checks every {@code endpoint.*} key, recording errors in {@code v}; INFO lines about keys accepted but not
     * honoured go to {@code notices}. TLS files are read here too, so that an unreadable key or certificate refuses
     * the configuration with the key's name.
     *
     * @param defaultPort the transport's default TCP port (Crossbar has none; 8080 for WebSocket)
     * @param environment resolves {@code $NAME} in {@code endpoint.port} and in paths
     * @return the settings, or {@code null} when nothing sensible could be built (an error is recorded)
     */
    public static EndpointSettings parse(ConfigValidator v, int defaultPort, List<String> notices,
            UnaryOperator<String> environment) {
        for (String key : UNSUPPORTED_KEYS) {
            if (v.has(key)) {
                v.error(key, v.raw(key), "not supported by Junction");
            }
        }
        v.onlyKnownKeys(PREFIX, union(KEYS, UNSUPPORTED_KEYS));

        String type = v.oneOf("endpoint.type", DEFAULT_TYPE, "tcp", "unix");
        int backlog = v.integer("endpoint.backlog", DEFAULT_BACKLOG, 1, 65535);
        String path = v.string("endpoint.path", "");
        if ("unix".equals(type)) {
            // tcp keys are ignored here: the console posts every attribute with its default.
            if (path.isEmpty()) {
                v.error("endpoint.path", path, "required with endpoint.type=unix");
                return null;
            }
            if (tlsConfigured(v)) {
                v.error(TLS + "key", v.raw(TLS + "key"), "TLS is allowed only with endpoint.type=tcp");
            }
            return new EndpointSettings(type, 0, null, backlog, Path.of(expand(path, environment)), null);
        }
        if (!path.isEmpty()) {
            v.error("endpoint.path", path, "allowed only with endpoint.type=unix");
        }
        int port = parsePort(v, defaultPort, environment);
        String iface = v.string("endpoint.interface", DEFAULT_INTERFACE);
        if (iface.startsWith("[") && iface.endsWith("]")) {
            iface = iface.substring(1, iface.length() - 1);
        }
        if (!INTERFACE.matcher(iface).matches()) {
            v.error("endpoint.interface", iface, "allowed an IP address or host name; \"\" or 0.0.0.0 for all");
        }
        String host = iface.isEmpty() || "0.0.0.0".equals(iface) ? null : iface;
        TlsSettings tls = parseTls(v, notices, environment);
        return new EndpointSettings(type, port, host, backlog, null, tls);
    }

    private static boolean tlsConfigured(ConfigValidator v) {
        return !v.string(TLS + "key", "").isEmpty() || !v.string(TLS + "certificate", "").isEmpty()
                || !v.string(TLS + "keystore", "").isEmpty();
    }

    private static TlsSettings parseTls(ConfigValidator v, List<String> notices, UnaryOperator<String> environment) {
        // The console posts every attribute, so TLS is on when a key source is named, not when a key is present.
        String key = v.string(TLS + "key", "");
        String certificate = v.string(TLS + "certificate", "");
        String keystore = v.string(TLS + "keystore", "");
        List<Path> chain = paths(v.list(TLS + "chain_certificates", List.of()), environment);
        List<Path> cas = paths(v.list(TLS + "ca_certificates", List.of()), environment);
        String ciphersText = v.string(TLS + "ciphers", "");
        String keyPassword = emptyToNull(v.string(TLS + "key_password", ""));
        String keystorePassword = emptyToNull(v.string(TLS + "keystore_password", ""));
        // "" (the console's empty default) means: derive it from the file name.
        String keystoreType = v.string(TLS + "keystore_type", "").isEmpty() ? ""
                : v.oneOf(TLS + "keystore_type", "", "PKCS12", "JKS");
        if (key.isEmpty() && certificate.isEmpty() && keystore.isEmpty()) {
            for (String other : List.of("chain_certificates", "ca_certificates", "ciphers", "dhparam")) {
                if (!v.list(TLS + other, List.of()).isEmpty()) {
                    v.error(TLS + other, v.raw(TLS + other),
                            "needs endpoint.tls.key and endpoint.tls.certificate, or endpoint.tls.keystore");
                }
            }
            return null;
        }
        if (!keystore.isEmpty() && (!key.isEmpty() || !certificate.isEmpty())) {
            v.error(TLS + "keystore", keystore, "allowed either endpoint.tls.keystore or endpoint.tls.key with "
                    + "endpoint.tls.certificate, not both");
            return null;
        }
        if (keystore.isEmpty()) {
            if (key.isEmpty()) {
                v.error(TLS + "key", "", "required with endpoint.tls.certificate");
                return null;
            }
            if (certificate.isEmpty()) {
                v.error(TLS + "certificate", "", "required with endpoint.tls.key");
                return null;
            }
        }
        List<String> ciphers = new ArrayList<>();
        if (!ciphersText.isEmpty()) {
            try {
                ciphers.addAll(CipherNames.toJdk(ciphersText));
            } catch (IllegalArgumentException e) {
                v.error(TLS + "ciphers", ciphersText, e.getMessage());
            }
        }
        if (!v.string(TLS + "dhparam", "").isEmpty()) {
            notices.add("endpoint.tls.dhparam is not supported and ignored: DHE cipher suites use the JDK's built-in "
                    + "RFC 7919 groups");
        }
        notices.add("TLS: protocols TLSv1.3 and TLSv1.2 only (TLS 1.1, which Crossbar still accepts, is not supported)");

        Path keyPath = key.isEmpty() ? null : Path.of(expand(key, environment));
        Path certificatePath = certificate.isEmpty() ? null : Path.of(expand(certificate, environment));
        Path keystorePath = keystore.isEmpty() ? null : Path.of(expand(keystore, environment));
        String type = keystorePath == null ? null
                : !keystoreType.isEmpty() ? keystoreType
                : keystore.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
        TlsSettings tls = new TlsSettings(keyPath, certificatePath, chain, cas, keyPassword, keystorePath, type,
                keystorePassword, ciphers);
        if (!v.ok()) {
            return tls;
        }
        try {
            TlsMaterial.load(tls);
        } catch (EndpointException e) {
            v.error(e.key(), e.value(), e.problem());
        }
        return tls;
    }

    /** {@code endpoint.port}: 0..65535 (0 = any free port), or {@code $NAME} read from the environment as Crossbar. */
    private static int parsePort(ConfigValidator v, int defaultPort, UnaryOperator<String> environment) {
        String allowed = "allowed 1..65535 (0 = any free port) or $ENVIRONMENT_VARIABLE";
        Object raw = v.raw("endpoint.port");
        if (raw instanceof String text && ENV_REFERENCE.matcher(text.trim()).matches()) {
            String value = environment.apply(text.trim().substring(1));
            try {
                int port = value == null ? -1 : Integer.parseInt(value.trim());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            v.error("endpoint.port", text + " (environment: " + value + ")", allowed);
            return defaultPort;
        }
        return v.integer("endpoint.port", defaultPort, p -> p >= 0 && p <= 65535, allowed);
    }

    private static List<Path> paths(List<String> names, UnaryOperator<String> environment) {
        return names.stream().map(name -> Path.of(expand(name, environment))).toList();
    }

    /** Replaces {@code $NAME} with the environment variable's value (left as is when unset). */
    static String expand(String path, UnaryOperator<String> environment) {
        return ENV_REFERENCE.matcher(path).replaceAll(m -> {
            String value = environment.apply(m.group(1));
            return Matcher.quoteReplacement(value == null ? m.group() : value);
        });
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
