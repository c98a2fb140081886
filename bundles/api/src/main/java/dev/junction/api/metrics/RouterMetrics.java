package dev.junction.api.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The router's counters, registered as a service by the router bundle while the router runs.
 *
 * <p><b>Cost.</b> Counting is done on the message path with striped counters (no lock, no allocation per message);
 * {@link #snapshot} sums them and walks the routing tables for the gauges, so call it at scrape rate, not per message.
 *
 * <p><b>Threading.</b> May be called from any thread. Each number is read on its own: a snapshot taken while
 * messages flow is not one instant of the router (a message may show in one counter and not yet in another).
 *
 * <p><b>Labels.</b> Every string in a snapshot comes from configuration (transport ids, realm names), from the
 * installed plugins (serializer names, authentication methods) or from a bounded set the router defines (WAMP
 * message type names, known {@code wamp.error.*} URIs); never from what a client sends.
 */
@ProviderType
public interface RouterMetrics {

    /** Every counter now. Counters of a realm or transport start at 0 when it is first seen and never go down. */
    MetricsSnapshot snapshot();
}
