package dev.junction.router.internal;

import java.util.Map;

import dev.junction.spi.transport.Connection;
import dev.junction.spi.transport.Handshake;
import dev.junction.spi.transport.SessionHandle;

/** A handshake the router refuses, with the HTTP status the transport answers. */
record RefusedHandshake(int refusalStatus, String refusalReason) implements Handshake {

    static Handshake of(int status, String reason) {
        return new RefusedHandshake(status, reason);
    }

    @Override
    public boolean accepted() {
        return false;
    }

    @Override
    public Map<String, String> responseHeaders() {
        return Map.of();
    }

    @Override
    public SessionHandle open(Connection connection) {
        throw new IllegalStateException("the handshake was refused");
    }

    @Override
    public void abandon() {
    }
}
