package dev.junction.spi.transport;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The router's answer to a {@link HandshakeRequest}. See {@link WampRouter} for the call order.
 */
@ProviderType
public interface Handshake {

    /** Whether the connection may proceed. */
    boolean accepted();

    /** For a refused handshake, the HTTP status to answer with (e.g. 503 while shutting down). */
    int refusalStatus();

    /** For a refused handshake, a short reason for the response and the log. */
    String refusalReason();

    /** Headers to add to the handshake response (e.g. {@code Set-Cookie}); empty when there are none. */
    Map<String, String> responseHeaders();

    /**
     * The transport's handshake completed: the router creates the session state for {@code connection} and returns
     * the handle the transport delivers inbound messages to. Call at most once, and only on an accepted handshake.
     */
    SessionHandle open(Connection connection);

    /** The transport's handshake failed after the router accepted it; the router forgets the connection. */
    void abandon();
}
