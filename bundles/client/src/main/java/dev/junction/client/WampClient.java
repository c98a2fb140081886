package dev.junction.client;

import java.util.concurrent.CompletableFuture;

import dev.junction.client.internal.ClientSession;

/** Opens WAMP sessions. */
public final class WampClient {
    private WampClient() {
    }

    /**
     * Connects to {@code options.uri()} and joins {@code options.realm()}. The future fails with a {@link WampError}
     * carrying the ABORT reason (e.g. {@code wamp.error.no_such_realm}, {@code wamp.error.authentication_failed}),
     * or with the transport's exception.
     */
    public static CompletableFuture<WampSession> connect(ClientOptions options) {
        return ClientSession.open(options);
    }
}
