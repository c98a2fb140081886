package dev.junction.spi.transport;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The router's side of one connection. Implemented by the router, returned by {@link Handshake#open}.
 *
 * <p><b>Call order and threading.</b> The transport calls {@link #onMessage} for each complete inbound message, in
 * the order received, never concurrently for one connection; then {@link #onClose} exactly once, when the
 * connection is gone for whatever reason (including a close the router asked for). No call follows
 * {@code onClose}.
 *
 * <p><b>Failures.</b> Neither method throws: the router answers bad input itself (ABORT, then a close through the
 * {@link Connection}).
 */
@ProviderType
public interface SessionHandle {

    /**
     * One inbound message, whole, in the connection's serializer's format. The router takes ownership of the array.
     */
    void onMessage(byte[] message);

    /**
     * The transport detected a frame the connection's serializer cannot carry (a binary frame on a text serializer
     * or the reverse). The router treats it as a protocol violation.
     */
    void onWrongFrameType(String detail);

    /**
     * The transport is going away (its configuration was deleted, its bundle stops, or the serializer this
     * connection uses was removed) and asks the router to wind the session down the WAMP way: no new CALL is
     * accepted, calls in flight get a bounded time to finish and are then answered with ERROR, the client gets
     * GOODBYE with {@code reason} (normally {@code wamp.close.system_shutdown}) and a bounded time to reply, and the
     * router finally closes the connection through {@link Connection#close}. The returned stage completes when the
     * connection has been asked to close; it never completes exceptionally. Idempotent.
     */
    CompletionStage<Void> shutdown(String reason);

    /** The connection is closed; {@code code} and {@code reason} as received or detected by the transport. */
    void onClose(int code, String reason);
}
