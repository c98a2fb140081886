package dev.junction.cluster.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.junction.api.MatchPolicy;

/**
 * The subscriptions of one node in one realm, as topics and patterns only (the sessions stay on that node): enough
 * to decide whether the node wants an event. Same match rules as the router: {@code exact}, {@code prefix} (a string
 * prefix) and {@code wildcard} (same number of dot-separated components; an empty component matches any).
 */
final class TopicPatterns {
    private final Set<String> exact = ConcurrentHashMap.newKeySet();
    private final Set<String> prefix = ConcurrentHashMap.newKeySet();
    private final Set<String> wildcard = ConcurrentHashMap.newKeySet();

    private Set<String> set(MatchPolicy match) {
        return switch (match) {
            case EXACT -> exact;
            case PREFIX -> prefix;
            case WILDCARD -> wildcard;
        };
    }

    void add(MatchPolicy match, String topic) {
        set(match).add(topic);
    }

    void remove(MatchPolicy match, String topic) {
        set(match).remove(topic);
    }

    boolean isEmpty() {
        return exact.isEmpty() && prefix.isEmpty() && wildcard.isEmpty();
    }

    /** Whether any subscription here matches {@code topic}. */
    boolean matches(String topic) {
        if (exact.contains(topic)) {
            return true;
        }
        for (String p : prefix) {
            if (topic.startsWith(p)) {
                return true;
            }
        }
        if (!wildcard.isEmpty()) {
            String[] components = topic.split("\\.", -1);
            for (String w : wildcard) {
                if (wildcardMatches(w, components)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean wildcardMatches(String pattern, String[] components) {
        String[] parts = pattern.split("\\.", -1);
        if (parts.length != components.length) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].isEmpty() && !parts[i].equals(components[i])) {
                return false;
            }
        }
        return true;
    }
}
