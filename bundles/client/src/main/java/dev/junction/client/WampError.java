package dev.junction.client;

import java.util.List;
import java.util.Map;

import dev.junction.api.message.Payload;

/**
 * A WAMP error: an ERROR answering a request, an ABORT refusing a join, or the end of the session while a request
 * was pending ({@code wamp.close.*} / {@code wamp.error.canceled}). A callee throws it to answer with that error.
 */
public class WampError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String uri;
    private final transient Payload payload;

    public WampError(String uri, Payload payload) {
        super(uri + (payload == null || payload.isEmpty() ? "" : " " + payload));
        this.uri = uri;
        this.payload = payload == null ? Payload.EMPTY : payload;
    }

    public WampError(String uri, String message) {
        this(uri, message == null ? Payload.EMPTY : Payload.of(List.of(message), Map.of()));
    }

    /** The error URI, e.g. {@code wamp.error.no_such_procedure}. */
    public String uri() {
        return uri;
    }

    /** The error's arguments. */
    public Payload payload() {
        return payload;
    }
}
