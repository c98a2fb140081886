package dev.junction.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the other nodes subscribe to, per node and realm, fed from the cluster's replicated interest map. The broker
 * asks it for every publication, so the common answers are cheap: a realm no other node subscribes in costs one map
 * probe per node.
 */
final class InterestIndex {
    /** node -> realm -> topics and patterns. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, TopicPatterns>> nodes =
            new ConcurrentHashMap<>();

    void add(InterestKey key) {
        nodes.computeIfAbsent(key.node(), n -> new ConcurrentHashMap<>())
                .computeIfAbsent(key.realm(), r -> new TopicPatterns()).add(key.match(), key.topic());
    }

    void remove(InterestKey key) {
        Map<String, TopicPatterns> realms = nodes.get(key.node());
        TopicPatterns patterns = realms == null ? null : realms.get(key.realm());
        if (patterns != null) {
            patterns.remove(key.match(), key.topic());
        }
    }

    /** Forgets every interest of a node that left the cluster. */
    void removeNode(String node) {
        nodes.remove(node);
    }

    /** The nodes other than {@code self} with a subscription in {@code realm} that matches {@code topic}. */
    List<String> nodesFor(String self, String realm, String topic) {
        List<String> out = null;
        for (Map.Entry<String, ConcurrentHashMap<String, TopicPatterns>> e : nodes.entrySet()) {
            if (e.getKey().equals(self)) {
                continue;
            }
            TopicPatterns patterns = e.getValue().get(realm);
            if (patterns != null && patterns.matches(topic)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(e.getKey());
            }
        }
        return out == null ? List.of() : out;
    }
}
