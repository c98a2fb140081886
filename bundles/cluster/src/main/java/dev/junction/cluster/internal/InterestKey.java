package dev.junction.cluster.internal;

import dev.junction.api.MatchPolicy;

/**
 * One node's interest in a topic of a realm, as the key of the cluster's replicated interest map: the node's member
 * UUID, the realm, the match policy and the topic, joined by line feeds (no realm name or URI contains one).
 */
record InterestKey(String node, String realm, MatchPolicy match, String topic) {
    private static final char SEPARATOR = '\n';

    String encode() {
        return node + SEPARATOR + realm + SEPARATOR + match.wireName() + SEPARATOR + topic;
    }

    /** The key {@code text} encodes, or {@code null} when it is not one of ours. */
    static InterestKey decode(String text) {
        String[] parts = text.split(String.valueOf(SEPARATOR), 4);
        if (parts.length != 4) {
            return null;
        }
        MatchPolicy match = MatchPolicy.fromOption(parts[2]);
        return match == null ? null : new InterestKey(parts[0], parts[1], match, parts[3]);
    }

    /** Whether the encoded {@code text} is a key of {@code node}. */
    static boolean ofNode(String text, String node) {
        return text.startsWith(node + SEPARATOR);
    }
}
