package dev.junction.spi.transport;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One transport connection, as the router uses it. Implemented by transports.
 *
 * <p><b>Threading.</b> {@link #send} and {@link #close} are called from any thread, concurrently; the transport
 * serializes them. Neither blocks: {@code send} queues the message and returns.
 *
 * <p><b>Ordering.</b> Messages are written in the order of the {@code send} calls that returned; a {@code close}
 * is performed after every message sent before it has been written (or the connection has failed).
 *
 * <p><b>Close codes.</b> Codes are those of RFC 6455 (1000 normal, 1001 going away, 1002 protocol error,
 * 1003 unsupported data, 1007 invalid payload, 1008 policy violation, 1009 message too big, 1011 internal error);
 * transports without close codes map them onto their own means.
 */
@ConsumerType
public interface Connection {

    /**
     * Queues one message, already encoded by the connection's serializer. The router never touches the array
     * again. Messages sent after {@link #close} are dropped.
     */
    void send(byte[] message);

    /** Closes the connection after the queued messages. Idempotent. */
    void close(int code, String reason);

    /**
     * Bytes accepted by {@link #send} and not yet written to the network. The router bounds each session's outbound
     * queue with it (slow consumers). A transport that does not queue returns 0.
     *
     * @since 1.1
     */
    default long queuedBytes() {
        return 0;
    }

    /**
     * Messages accepted by {@link #send} and not yet completely written. A transport that does not queue returns 0.
     *
     * @since 1.1
     */
    default int queuedMessages() {
        return 0;
    }

    /**
     * Closes the connection now, for a peer that does not read: the queued messages are discarded instead of
     * written, the close frame (or the transport's equivalent) is attempted with {@code code} and {@code reason},
     * and the connection is dropped if the peer has not taken it within a bounded time. Idempotent, and a later
     * {@link #close} does nothing. The default falls back to {@link #close}.
     *
     * @since 1.1
     */
    default void abort(int code, String reason) {
        close(code, reason);
    }

    /**
     * Whether the transport's {@code debug} option is on: the router then traces this connection's WAMP messages
     * (one log line per message: type, request id, URI, size), as the shell's {@code junction:trace} does.
     *
     * @since 1.2
     */
    default boolean debug() {
        return false;
    }
}
