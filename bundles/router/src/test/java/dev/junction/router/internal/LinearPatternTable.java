package dev.junction.router.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.junction.api.MatchPolicy;

/**
 * The pattern table as it was before the tries: every prefix and wildcard pattern compared with the URI in turn. Kept
 * as the oracle of {@link PatternTableEquivalenceTest} and as the "before" of the benchmarks' {@code MatchingBench}
 * (which reads it from this module's test-jar), because it is short enough to be obviously right.
 */
public final class LinearPatternTable<T> {
    private final Map<String, T> exact = new ConcurrentHashMap<>();
    private final Map<String, T> prefix = new ConcurrentHashMap<>();
    private final Map<String, T> wildcard = new ConcurrentHashMap<>();

    private Map<String, T> map(MatchPolicy match) {
        return switch (match) {
            case EXACT -> exact;
            case PREFIX -> prefix;
            case WILDCARD -> wildcard;
        };
    }

    public void put(MatchPolicy match, String pattern, T value) {
        map(match).put(pattern, value);
    }

    public void remove(MatchPolicy match, String pattern, T value) {
        map(match).remove(pattern, value);
    }

    public void forEachMatch(String uri, Consumer<T> action) {
        T e = exact.get(uri);
        if (e != null) {
            action.accept(e);
        }
        prefix.forEach((p, value) -> {
            if (uri.startsWith(p)) {
                action.accept(value);
            }
        });
        if (!wildcard.isEmpty()) {
            List<String> components = List.of(uri.split("\\.", -1));
            wildcard.forEach((w, value) -> {
                if (wildcardMatches(w, components)) {
                    action.accept(value);
                }
            });
        }
    }

    /** Exact, else the longest prefix, else the wildcard with most fixed components, shorter, lexicographically first. */
    public T best(String uri) {
        T e = exact.get(uri);
        if (e != null) {
            return e;
        }
        String bestPrefix = null;
        for (String p : prefix.keySet()) {
            if (uri.startsWith(p) && (bestPrefix == null || p.length() > bestPrefix.length())) {
                bestPrefix = p;
            }
        }
        if (bestPrefix != null) {
            return prefix.get(bestPrefix);
        }
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
        return bestWildcard == null ? null : wildcard.get(bestWildcard);
    }

    private static boolean wildcardMatches(String pattern, List<String> components) {
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
