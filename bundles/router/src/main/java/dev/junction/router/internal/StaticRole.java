package dev.junction.router.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.junction.api.MatchPolicy;

/**
 * A role of a realm with static permissions, resolved exactly as Crossbar resolves them (router/role.py,
 * {@code RouterRoleStaticAuth}), so that a configuration brought from Crossbar authorizes as it did:
 *
 * <ol>
 * <li>Among the lines without {@code ..} in their URI, take the one whose URI is the longest string prefix of the
 * URI asked for (character-wise, not per component). If that line is not a {@code prefix} line and its URI is not
 * equal to the one asked for, nothing matched (the longer exact line shadows any shorter prefix line).</li>
 * <li>Unless step 1 found an {@code exact} line, look at the wildcard lines (URIs containing {@code ..}): the one
 * whose part before the first {@code ..} is the longest string prefix of the URI; if its pattern matches the URI
 * (same number of components, every non-empty component equal), it wins over step 1's result.</li>
 * <li>Nothing matched: everything denied.</li>
 * </ol>
 *
 * Two lines with the same URI (or wildcards with the same part before {@code ..}): the later one counts. A decision
 * depends on the URI alone, so resolved lines are cached (bounded).
 */
final class StaticRole implements Role {
    private static final int CACHE_LIMIT = 4096;

    private final String name;
    private final List<Permission> plain; // longest URI first
    private final List<Map.Entry<String, Permission>> wild; // by the part before "..", longest first
    private final ConcurrentHashMap<String, Permission> cache = new ConcurrentHashMap<>();

    StaticRole(String name, List<Permission> permissions) {
        this.name = name;
        Map<String, Permission> plainByUri = new LinkedHashMap<>();
        Map<String, Permission> wildByStem = new LinkedHashMap<>();
        for (Permission p : permissions) {
            int dots = p.uri().indexOf("..");
            if (dots >= 0) {
                wildByStem.put(p.uri().substring(0, dots), p);
            } else {
                plainByUri.put(p.uri(), p);
            }
        }
        List<Permission> sortedPlain = new ArrayList<>(plainByUri.values());
        sortedPlain.sort(Comparator.comparingInt((Permission p) -> p.uri().length()).reversed());
        this.plain = List.copyOf(sortedPlain);
        List<Map.Entry<String, Permission>> sortedWild = new ArrayList<>(wildByStem.entrySet());
        sortedWild.sort(Comparator.comparingInt((Map.Entry<String, Permission> e) -> e.getKey().length()).reversed());
        this.wild = List.copyOf(sortedWild);
    }

    @Override
    public String name() {
        return name;
    }

    Decision decide(String uri, Action action) {
        return resolve(uri).decide(action);
    }

    /** The line that applies to {@code uri}, or {@link Permission#DENY_ALL}. */
    Permission resolve(String uri) {
        Permission cached = cache.get(uri);
        if (cached != null) {
            return cached;
        }
        Permission resolved = lookup(uri);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear(); // a client cycling through URIs cannot grow the heap
        }
        cache.put(uri, resolved);
        return resolved;
    }

    private Permission lookup(String uri) {
        Permission result = Permission.DENY_ALL;
        for (Permission p : plain) {
            if (uri.startsWith(p.uri())) {
                if (p.match() == MatchPolicy.PREFIX || uri.equals(p.uri())) {
                    result = p;
                }
                break; // only the longest prefix counts, as in Crossbar
            }
        }
        if (result.match() != MatchPolicy.EXACT) {
            for (Map.Entry<String, Permission> e : wild) {
                if (uri.startsWith(e.getKey())) {
                    if (PatternTable.wildcardMatches(e.getValue().uri(), List.of(uri.split("\\.", -1)))) {
                        result = e.getValue();
                    }
                    break;
                }
            }
        }
        return result;
    }
}
