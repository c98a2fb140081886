package dev.junction.spi.cluster;

import dev.junction.api.MatchPolicy;

/**
 * This node's callees of one registration, as far as the other nodes need them to apply its invocation policy across
 * the cluster.
 *
 * @param match the registration's match policy
 * @param procedure the registered procedure (or pattern)
 * @param invoke the invocation policy
 * @param count how many callees this node has (0: none any more)
 * @param firstRegistered when the earliest of them registered (epoch milliseconds)
 * @param lastRegistered when the latest of them registered (epoch milliseconds)
 */
public record LocalCallees(MatchPolicy match, String procedure, String invoke, int count, long firstRegistered,
        long lastRegistered) {
}
