package dev.junction.spi.cluster;

import org.osgi.annotation.versioning.ConsumerType;

import dev.junction.api.MatchPolicy;

/**
 * Routing across the nodes of a cluster, offered as a service by a cluster bundle and called by the router. At most
 * one is used at a time. The router calls it on its routing threads, some of them under a realm's lock: every method
 * must return quickly and never block on the network.
 */
@ConsumerType
public interface ClusterRouting {

    /**
     * Starts routing for {@code router}: the router then reports every subscription it already has through
     * {@link #subscriptionAdded} and delivers events from other nodes when {@link LocalRouting#deliver} is called.
     */
    void attach(LocalRouting router);

    /** The router no longer uses this service; its subscriptions are to be withdrawn from the other nodes. */
    void detach(LocalRouting router);

    /**
     * A session id for a new session: random in {@code [1, 2^53]} and not handed out by any other node of the
     * cluster. The router still checks it against its own sessions.
     */
    long newSessionId();

    /** The node has its first subscriber of {@code topic} with {@code match} in {@code realm}. Idempotent. */
    void subscriptionAdded(String realm, MatchPolicy match, String topic);

    /** The node's last subscriber of {@code topic} with {@code match} in {@code realm} left. Idempotent. */
    void subscriptionRemoved(String realm, MatchPolicy match, String topic);

    /**
     * A client of this node published {@code publication} (the router has served its own subscribers): forward it,
     * once, to every other node that has a subscription matching its topic, keeping the order of one publisher's
     * publications.
     */
    void published(RemotePublication publication);
}
