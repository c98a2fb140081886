package dev.junction.cluster.internal;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many entries of a replicated interest or registration map each node holds, as this node's replica sees them:
 * what {@code junction:cluster} shows so that an operator (and the three-node test) can tell that a member that left
 * took its entries with it, and that a member that came back published its own again.
 */
final class KnownEntries {
    private KnownEntries() {
    }

    /** Member UUID -> number of entries, in UUID order; undecodable keys are left out. */
    static Map<String, Integer> byNode(Collection<String> encodedKeys) {
        Map<String, Integer> out = new TreeMap<>();
        for (String encoded : encodedKeys) {
            InterestKey key = InterestKey.decode(encoded);
            if (key != null) {
                out.merge(key.node(), 1, Integer::sum);
            }
        }
        return out;
    }

    /** {@code uuid=n, uuid=m}, or {@code none}. */
    static String describe(Map<String, Integer> byNode) {
        if (byNode.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        byNode.forEach((node, n) -> out.append(out.length() == 0 ? "" : ", ").append(node).append('=').append(n));
        return out.toString();
    }
}
