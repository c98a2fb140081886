package dev.junction.cluster.internal;

import java.util.List;
import java.util.Map;

/** What {@code junction:cluster} shows: this node's state in the cluster, the members and the event counters. */
interface ClusterStatus {

    /** One member as this node sees it. */
    record MemberView(String uuid, String address, boolean local, String configDigest) {
    }

    /** {@code starting}, {@code joined}, {@code left: <why>} or {@code stopped}. */
    String state();

    String clusterName();

    /** This node's configuration digest (realms, roles, principals). */
    String configDigest();

    List<MemberView> members();

    /** Publications this node forwarded, counted once per receiving node. */
    long eventsSent();

    /** Publications this node received from other nodes. */
    long eventsReceived();

    /** Calls this node forwarded to a callee's node. */
    long callsSent();

    /** Calls other nodes forwarded to this node's callees. */
    long callsServed();

    /** Publications forwarded, per receiving member UUID. */
    Map<String, Long> eventsSentTo();

    /** Subscription entries (topic or pattern per realm) in this node's replica, per member UUID. */
    default Map<String, Integer> subscriptionsByNode() {
        return Map.of();
    }

    /** Registration entries (procedure or pattern per realm) in this node's replica, per member UUID. */
    default Map<String, Integer> registrationsByNode() {
        return Map.of();
    }
}
