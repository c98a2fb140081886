package dev.junction.spi.transport;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The router as transports see it: the service a transport hands each new connection to. The router knows nothing
 * of sockets; a transport knows nothing of realms.
 *
 * <p><b>Call order.</b> For every incoming connection the transport calls {@link #handshake} once, while the
 * transport's own opening handshake is in progress (for WebSocket: while the HTTP upgrade request is being
 * answered). If the returned {@link Handshake} is accepted, the transport completes its handshake, adding the
 * handshake's response headers, and then calls {@link Handshake#open} with its {@link Connection}; if the
 * transport's handshake fails after an accept, it calls {@link Handshake#abandon} instead. Exactly one of the two
 * is called for an accepted handshake.
 *
 * <p><b>Threading.</b> Thread-safe; called concurrently for different connections. {@code handshake} never blocks
 * on I/O.
 *
 * <p><b>Lifecycle.</b> The service goes away when the router stops. A transport must then close the connections it
 * opened through it (the router has already said GOODBYE to their sessions when it could) and stop accepting new
 * ones until a router service comes back.
 */
@ProviderType
public interface WampRouter {

    /**
     * Decides whether a new connection may proceed.
     *
     * @return never {@code null}; refused handshakes carry an HTTP status and a reason
     */
    Handshake handshake(HandshakeRequest request);

    /**
     * The transport refused a connection itself, before asking {@link #handshake} (its own connection limit, an
     * origin it does not allow, no common subprotocol or serializer, a malformed handshake): the router counts it for
     * the transport's metrics. {@code reason} must come from a small fixed set: the HTTP status (WebSocket, e.g.
     * {@code "503"}) or the transport's error name (RawSocket, e.g. {@code "serializer_unsupported"}), never from the
     * client. Never blocks.
     *
     * @since 1.2
     */
    default void handshakeRefused(String transportId, String transportType, String reason) {
    }
}
