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
 * <p>Exact lookups cost one hash probe. Prefix patterns are indexed in a {@link PrefixTrie} and wildcard patterns in
 * a {@link WildcardTrie}, so matching costs about the length of the URI, not the number of patterns; the maps by
 * pattern stay the record of what is there (lookups by pattern, listings). A realm that uses no patterns pays nothing
 * for them: the tries are only walked when their policy has entries.
 *
 * <p>Writers ({@code put}, {@code remove}) must hold the realm's routing write lock, and matching ({@code forEachMatch},
 * {@code best}) at least its read lock: the tries are plain objects that concurrent readers share while no writer
 * runs. {@code get} and {@code values} read the concurrent maps and need no lock.
 */
final class PatternTable<T> {
    private final ConcurrentHashMap<String, T> exact = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, T> prefix = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, T> wildcard = new ConcurrentHashMap<>();
    private final PrefixTrie<T> prefixIndex = new PrefixTrie<>();
    private final WildcardTrie<T> wildcardIndex = new WildcardTrie<>();

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
        switch (match) {
            case PREFIX -> prefixIndex.put(pattern, value);
            case WILDCARD -> wildcardIndex.put(pattern, value);
            default -> {
            }
        }
    }

    void remove(MatchPolicy match, String pattern, T value) {
        if (!map(match).remove(pattern, value)) {
            return;
        }
        switch (match) {
            case PREFIX -> prefixIndex.remove(pattern);
            case WILDCARD -> wildcardIndex.remove(pattern);
            default -> {
            }
        }
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
            prefixIndex.forEachPrefixOf(uri, action);
        }
        if (!wildcard.isEmpty()) {
            wildcardIndex.forEachMatch(uri, action);
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
        if (!prefix.isEmpty()) {
            T p = prefixIndex.longestPrefixOf(uri);
            if (p != null) {
                return p;
            }
        }
        return wildcard.isEmpty() ? null : wildcardIndex.best(uri);
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
}
