package dev.junction.cluster.internal;

import java.io.Serializable;

import dev.junction.spi.cluster.LocalCallees;

/**
 * One node's share of a registration, as the value of the cluster's replicated registration map: the invocation
 * policy, how many callees the node has and when its first and last one registered (epoch ms), so that every node can
 * apply the policy over the callees of all nodes.
 */
record CalleeShare(String invoke, int count, long firstRegistered, long lastRegistered) implements Serializable {

    static CalleeShare of(LocalCallees callees) {
        return new CalleeShare(callees.invoke(), callees.count(), callees.firstRegistered(),
                callees.lastRegistered());
    }
}
