package dev.junction.spi.transport;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A configured listening transport instance, registered as a service by every transport bundle for each of its
 * configurations, whether the configuration was applied or refused, so that operators can see what failed and why.
 * Registered with the service property {@link #TYPE} (and, as Declarative Services does, the configuration's
 * properties, among them {@code service.pid}).
 *
 * <p><b>Threading.</b> {@link #status()} is called from any thread and returns a snapshot without blocking.
 */
@ConsumerType
public interface ListeningTransport {

    /** Service property: the transport type ({@code websocket}, ...). */
    String TYPE = "junction.transport.type";

    /** The instance's current status. */
    TransportStatus status();
}
