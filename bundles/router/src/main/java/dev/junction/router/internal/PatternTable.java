package dev.junction.router.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.junction.api.MatchPolicy;

/**
 * Subscriptions or registrations by URI pattern, with the three match policies of the Advanced Profile: {@code exact}
 * (equal URIs), {@code prefix} (a string prefix of the URI) and {@code wildcard} (same number of components; an
 * empty pattern component matches any component, as {@code com..update} matches {@code com.myapp.update}).
 *
 * <p>Writers are serialized by the realm's write lock; readers run concurrently under its read lock. Exact lookups
 * cost one hash probe, and the pattern maps are only consulted when they are not empty, so a realm that uses no
 * patterns pays nothing for them.
 */
final class PatternTable<T> {
    private final ConcurrentHashMap<String, T> exact = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, T> prefix = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, T> wildcard = new ConcurrentHashMap<>();

    private Map<String, T> map(MatchPolicy match) {
        return switch (match) {
            case EXACT -> exact;
            case PREFIX -> prefix;
            case WILDCARD -> wildcard;
        };
    }

    T get(MatchPolicy match, String pattern) {
        return map(match).get(pattern);
    }

    void put(MatchPolicy match, String pattern, T value) {
        map(match).put(pattern, value);
    }

    void remove(MatchPolicy match, String pattern, T value) {
        map(match).remove(pattern, value);
    }

    /** The entries of one policy (the meta API lists them). */
    java.util.Collection<T> values(MatchPolicy match) {
        return map(match).values();
    }

    /** Every entry that matches {@code uri}, exact first (the broker delivers to all of them). */
    void forEachMatch(String uri, Consumer<T> action) {
        T e = exact.get(uri);
        if (e != null) {
            action.accept(e);
        }
        if (!prefix.isEmpty()) {
            prefix.forEach((p, value) -> {
                if (uri.startsWith(p)) {
                    action.accept(value);
                }
            });
        }
        if (!wildcard.isEmpty()) {
            List<String> components = List.of(uri.split("\\.", -1));
            wildcard.forEach((w, value) -> {
                if (wildcardMatches(w, components)) {
                    action.accept(value);
                }
            });
        }
    }

    /**
     * The one entry that serves {@code uri} (the dealer's choice): an exact match, else the longest matching prefix,
     * else the matching wildcard with the most fixed components (ties: the shorter pattern string, then the
     * lexicographically smaller one, so the choice is deterministic).
     */
    T best(String uri) {
        T e = exact.get(uri);
        if (e != null) {
            return e;
        }
        String bestPrefix = null;
        if (!prefix.isEmpty()) {
            for (String p : prefix.keySet()) {
                if (uri.startsWith(p) && (bestPrefix == null || p.length() > bestPrefix.length())) {
                    bestPrefix = p;
                }
            }
            if (bestPrefix != null) {
                return prefix.get(bestPrefix);
            }
        }
        if (!wildcard.isEmpty()) {
            List<String> components = List.of(uri.split("\\.", -1));
            String bestWildcard = null;
            int bestFixed = -1;
            for (String w : wildcard.keySet()) {
                if (!wildcardMatches(w, components)) {
                    continue;
                }
                int fixed = fixedComponents(w);
                if (fixed > bestFixed || (fixed == bestFixed && (w.length() < bestWildcard.length()
                        || (w.length() == bestWildcard.length() && w.compareTo(bestWildcard) < 0)))) {
                    bestWildcard = w;
                    bestFixed = fixed;
                }
            }
            if (bestWildcard != null) {
                return wildcard.get(bestWildcard);
            }
        }
        return null;
    }

    static boolean wildcardMatches(String pattern, List<String> components) {
        String[] parts = pattern.split("\\.", -1);
        if (parts.length != components.size()) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].isEmpty() && !parts[i].equals(components.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static int fixedComponents(String pattern) {
        int n = 0;
        for (String part : pattern.split("\\.", -1)) {
            if (!part.isEmpty()) {
                n++;
            }
        }
        return n;
    }
}
