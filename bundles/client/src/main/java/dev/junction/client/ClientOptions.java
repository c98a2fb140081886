package dev.junction.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.junction.spi.serializer.Serializer;

/**
 * Where and how a client connects.
 *
 * @param uri the router's WebSocket URL ({@code ws://} or {@code wss://})
 * @param realm the realm to join
 * @param serializers the serializers to offer, in order of preference (each one's subprotocol is offered)
 * @param auth the authentication methods to offer, in order of preference; empty means anonymous
 * @param authextra HELLO {@code authextra} (cryptosign adds {@code pubkey} itself)
 * @param connectTimeout bound for the TCP and WebSocket handshake
 * @param joinTimeout bound for HELLO to WELCOME, authentication included
 */
public record ClientOptions(URI uri, String realm, List<Serializer> serializers, List<ClientAuth> auth,
        Map<String, Object> authextra, Duration connectTimeout, Duration joinTimeout) {

    public ClientOptions {
        Objects.requireNonNull(uri, "uri");
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

        public ClientOptions build() {
            return new ClientOptions(uri, realm, serializers, auth, authextra, connectTimeout, joinTimeout);
        }
    }
}
