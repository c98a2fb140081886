package dev.junction.transport.rawsocket.internal;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;

/**
 * Jetty's entry point for RawSocket: a connector (tcp, TLS or unix, built by the shared endpoint code) hands each
 * accepted (and, with TLS, decrypted) endpoint to a new {@link RawSocketConnection}.
 */
final class RawSocketConnectionFactory extends AbstractConnectionFactory {

    /** The protocol name Jetty's TLS layer hands the decrypted bytes to. */
    static final String PROTOCOL = "wamp.2.rawsocket";

    private final RawSocketTransport transport;

    RawSocketConnectionFactory(RawSocketTransport transport) {
        super(PROTOCOL);
        this.transport = transport;
    }

    @Override
    public org.eclipse.jetty.io.Connection newConnection(Connector connector, EndPoint endPoint) {
        return configure(new RawSocketConnection(transport, endPoint, connector.getByteBufferPool(),
                connector.getScheduler(), connector.getExecutor()), connector, endPoint);
    }
}
