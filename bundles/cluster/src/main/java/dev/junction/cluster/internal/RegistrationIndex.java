package dev.junction.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.junction.api.MatchPolicy;

/**
 * What the other nodes register, per node and realm: procedure (or pattern), match policy and invocation policy,
 * fed from the cluster's replicated registration map. It answers which node serves a call no local callee serves
 * (the same precedence as the dealer: exact, then the longest prefix, then the wildcard with the most fixed
 * components; among nodes that registered the same, round robin) and whether a new registration conflicts with
 * another node's.
 */
final class RegistrationIndex {
    static final String ERROR_PROCEDURE_ALREADY_EXISTS = "wamp.error.procedure_already_exists";
    static final String ERROR_DIFFERENT_POLICY = "wamp.error.procedure_exists_with_different_invocation_policy";

    private record Entry(String node, MatchPolicy match, String procedure, String invoke) {
    }

    /** realm -> key (match + procedure) -> node -> entry. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, ConcurrentHashMap<String, Entry>>> realms =
            new ConcurrentHashMap<>();
    private final AtomicInteger rotation = new AtomicInteger();

    private static String key(MatchPolicy match, String procedure) {
        return match.wireName() + " " + procedure;
    }

    void add(InterestKey key, String invoke) {
        realms.computeIfAbsent(key.realm(), r -> new ConcurrentHashMap<>())
                .computeIfAbsent(key(key.match(), key.topic()), k -> new ConcurrentHashMap<>())
                .put(key.node(), new Entry(key.node(), key.match(), key.topic(), invoke));
    }

    void remove(InterestKey key) {
        Map<String, ConcurrentHashMap<String, Entry>> byKey = realms.get(key.realm());
        Map<String, Entry> nodes = byKey == null ? null : byKey.get(key(key.match(), key.topic()));
        if (nodes != null) {
            nodes.remove(key.node());
        }
    }

    void removeNode(String node) {
        for (Map<String, ConcurrentHashMap<String, Entry>> byKey : realms.values()) {
            for (Map<String, Entry> nodes : byKey.values()) {
                nodes.remove(node);
            }
        }
    }

    /**
     * The error URI a new registration of {@code procedure} with {@code match} and {@code invoke} on node
     * {@code self} gets because another node has it already, or {@code null}.
     */
    String conflict(String self, String realm, MatchPolicy match, String procedure, String invoke) {
        Map<String, ConcurrentHashMap<String, Entry>> byKey = realms.get(realm);
        Map<String, Entry> nodes = byKey == null ? null : byKey.get(key(match, procedure));
        if (nodes == null) {
            return null;
        }
        for (Entry e : nodes.values()) {
            if (e.node().equals(self)) {
                continue;
            }
            if ("single".equals(e.invoke()) && "single".equals(invoke)) {
                return ERROR_PROCEDURE_ALREADY_EXISTS;
            }
            if (!e.invoke().equals(invoke)) {
                return ERROR_DIFFERENT_POLICY;
            }
        }
        return null;
    }

    /** The node other than {@code self} whose registration serves a call of {@code procedure}, or {@code null}. */
    String nodeFor(String self, String realm, String procedure) {
        Map<String, ConcurrentHashMap<String, Entry>> byKey = realms.get(realm);
        if (byKey == null) {
            return null;
        }
        List<Entry> best = new ArrayList<>();
        int bestRank = Integer.MIN_VALUE;
        String[] components = null;
        for (Map<String, Entry> nodes : byKey.values()) {
            for (Entry e : nodes.values()) {
                if (e.node().equals(self)) {
                    continue;
                }
                int rank;
                switch (e.match()) {
                    case EXACT -> rank = e.procedure().equals(procedure) ? Integer.MAX_VALUE : Integer.MIN_VALUE;
                    case PREFIX -> rank = procedure.startsWith(e.procedure()) ? 1_000_000 + e.procedure().length()
                            : Integer.MIN_VALUE;
                    default -> {
                        if (components == null) {
                            components = procedure.split("\\.", -1);
                        }
                        rank = TopicPatterns.wildcardMatches(e.procedure(), components)
                                ? fixedComponents(e.procedure()) : Integer.MIN_VALUE;
                    }
                }
                if (rank == Integer.MIN_VALUE || rank < bestRank) {
                    continue;
                }
                if (rank > bestRank) {
                    best.clear();
                    bestRank = rank;
                }
                best.add(e);
            }
        }
        if (best.isEmpty()) {
            return null;
        }
        best.sort((a, b) -> a.node().compareTo(b.node()));
        return best.get(Math.floorMod(rotation.getAndIncrement(), best.size())).node();
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
