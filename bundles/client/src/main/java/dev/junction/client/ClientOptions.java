package dev.junction.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.net.ssl.SSLContext;

import dev.junction.spi.serializer.Serializer;

/**
 * Where and how a client connects.
 *
 * @param uri the router's URL: WebSocket ({@code ws://}, {@code wss://}) or RawSocket ({@code rs://host:port},
 *     {@code rss://host:port} over TLS)
 * @param realm the realm to join
 * @param serializers the serializers to offer, in order of preference (each one's subprotocol is offered)
 * @param auth the authentication methods to offer, in order of preference; empty means anonymous
 * @param authextra HELLO {@code authextra} (cryptosign adds {@code pubkey} itself)
 * @param connectTimeout bound for the TCP and WebSocket handshake
 * @param joinTimeout bound for HELLO to WELCOME, authentication included
 * @param tls for {@code wss://} and {@code rss://}: the trust (and client certificate) to use; {@code null} means
 *     the JDK's default trust store
 * @param tlsHostname for {@code rss://}: the name the router's certificate must carry, if not the URI's host
 * @param unixSocket for {@code rs://}: connect to this Unix domain socket instead of the URI's host and port
 * @param pingInterval after this long without hearing from the router, ping it; {@code null} or zero: never
 * @param pingTimeout drop the connection when the router stays silent this long after the ping, so that a router
 *     whose host vanished is noticed (default: the interval)
 */
public record ClientOptions(URI uri, String realm, List<Serializer> serializers, List<ClientAuth> auth,
        Map<String, Object> authextra, Duration connectTimeout, Duration joinTimeout, SSLContext tls,
        String tlsHostname, Path unixSocket, Duration pingInterval, Duration pingTimeout) {

    /** The URI schemes a client connects to. */
    public static final Set<String> SCHEMES = Set.of("ws", "wss", "rs", "rss");

    public ClientOptions {
        Objects.requireNonNull(uri, "uri");
        if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
            throw new IllegalArgumentException("the URI must be ws://, wss://, rs:// or rss://, not " + uri);
        }
        if (unixSocket != null && !"rs".equals(uri.getScheme())) {
            throw new IllegalArgumentException("a Unix domain socket needs an rs:// URI (RawSocket): " + uri);
        }
        Objects.requireNonNull(realm, "realm");
        if (serializers == null || serializers.isEmpty()) {
            throw new IllegalArgumentException("at least one serializer is needed");
        }
        serializers = List.copyOf(serializers);
        auth = auth == null ? List.of() : List.copyOf(auth);
        authextra = authextra == null ? Map.of() : Map.copyOf(authextra);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        joinTimeout = joinTimeout == null ? Duration.ofSeconds(10) : joinTimeout;
    }

    /** As the canonical constructor, with the default trust and no Unix domain socket (the 1.0 shape). */
    public ClientOptions(URI uri, String realm, List<Serializer> serializers, List<ClientAuth> auth,
            Map<String, Object> authextra, Duration connectTimeout, Duration joinTimeout) {
        this(uri, realm, serializers, auth, authextra, connectTimeout, joinTimeout, null, null, null, null, null);
    }

    /** Whether the URI names a RawSocket transport. */
    public boolean rawSocket() {
        return uri.getScheme().startsWith("rs");
    }

    public static Builder builder(URI uri, String realm) {
        return new Builder(uri, realm);
    }

    /** Builds {@link ClientOptions}; only the URI, the realm and one serializer are required. */
    public static final class Builder {
        private final URI uri;
        private final String realm;
        private final List<Serializer> serializers = new ArrayList<>();
        private final List<ClientAuth> auth = new ArrayList<>();
        private Map<String, Object> authextra = Map.of();
        private Duration connectTimeout;
        private Duration joinTimeout;
        private SSLContext tls;
        private String tlsHostname;
        private Path unixSocket;
        private Duration pingInterval;
        private Duration pingTimeout;

        private Builder(URI uri, String realm) {
            this.uri = uri;
            this.realm = realm;
        }

        public Builder serializer(Serializer serializer) {
            serializers.add(serializer);
            return this;
        }

        public Builder auth(ClientAuth method) {
            auth.add(method);
            return this;
        }

        public Builder authextra(Map<String, Object> extra) {
            this.authextra = extra;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder joinTimeout(Duration timeout) {
            this.joinTimeout = timeout;
            return this;
        }

        /** The trust (and client certificate) for {@code wss://} and {@code rss://}. */
        public Builder tls(SSLContext context) {
            this.tls = context;
            return this;
        }

        /** For {@code rss://}: the name the router's certificate must carry, if not the URI's host. */
        public Builder tlsHostname(String hostname) {
            this.tlsHostname = hostname;
            return this;
        }

        /** For {@code rs://}: connect to this Unix domain socket. */
        public Builder unixSocket(Path path) {
            this.unixSocket = path;
            return this;
        }

        /**
         * Pings the router after {@code interval} of silence and drops the connection when it stays silent for
         * {@code timeout} more (WebSocket pings, RawSocket PINGs; any traffic counts as an answer).
         */
        public Builder autoPing(Duration interval, Duration timeout) {
            this.pingInterval = interval;
            this.pingTimeout = timeout;
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(uri, realm, serializers, auth, authextra, connectTimeout, joinTimeout, tls,
                    tlsHostname, unixSocket, pingInterval, pingTimeout);
        }
    }
}
