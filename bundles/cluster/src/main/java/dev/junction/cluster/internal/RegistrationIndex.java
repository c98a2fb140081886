package dev.junction.cluster.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.junction.api.MatchPolicy;
import dev.junction.spi.cluster.CallPlacement;
import dev.junction.spi.cluster.LocalCallees;

/**
 * What the other nodes register, per realm: procedure (or pattern), match policy, and each node's
 * {@link CalleeShare}, fed from the cluster's replicated registration map. It places a call (the same precedence as
 * the dealer: exact, then the longest prefix, then the wildcard with the most fixed components; among the callees of
 * every node with that registration, by its invocation policy) and tells whether a registration conflicts with
 * another node's, as far as this node knows.
 *
 * <p>Across nodes: {@code roundrobin} rotates, per calling node, over the list of all callees ordered by node (member
 * UUID, this node included) and then by registration order on the node; {@code random} draws uniformly over that
 * list; {@code first} and {@code last} go to the node whose first (last) callee registered earliest (latest), by the
 * nodes' clocks, ties broken by member UUID, and that node takes its own first (last) callee.
 */
final class RegistrationIndex {
    static final String ERROR_PROCEDURE_ALREADY_EXISTS = "wamp.error.procedure_already_exists";
    static final String ERROR_DIFFERENT_POLICY = "wamp.error.procedure_exists_with_different_invocation_policy";

    /** One registration (match + procedure) in a realm: the nodes that share it and this node's rotation over them. */
    private static final class Shared {
        final MatchPolicy match;
        final String procedure;
        final ConcurrentHashMap<String, CalleeShare> nodes = new ConcurrentHashMap<>();
        final AtomicInteger rotation = new AtomicInteger();

        Shared(MatchPolicy match, String procedure) {
            this.match = match;
            this.procedure = procedure;
        }
    }

    /** A node among those a call may go to: {@code node} null for this node. */
    private record Candidate(String node, String order, int count, long first, long last) {
    }

    private static final class Realm {
        final ConcurrentHashMap<String, Shared> exact = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, Shared> patterns = new ConcurrentHashMap<>();

        ConcurrentHashMap<String, Shared> table(MatchPolicy match) {
            return match == MatchPolicy.EXACT ? exact : patterns;
        }
    }

    private final ConcurrentHashMap<String, Realm> realms = new ConcurrentHashMap<>();

    private static String key(MatchPolicy match, String procedure) {
        return match == MatchPolicy.EXACT ? procedure : match.wireName() + " " + procedure;
    }

    /** A node registered {@code key} with {@code invoke}, as a router without callee counts reports it: one callee. */
    void add(InterestKey key, String invoke) {
        add(key, new CalleeShare(invoke, 1, 0, 0));
    }

    void add(InterestKey key, CalleeShare share) {
        if (share.count() <= 0) {
            remove(key);
            return;
        }
        realms.computeIfAbsent(key.realm(), r -> new Realm()).table(key.match())
                .computeIfAbsent(key(key.match(), key.topic()), k -> new Shared(key.match(), key.topic()))
                .nodes.put(key.node(), share);
    }

    void remove(InterestKey key) {
        Realm realm = realms.get(key.realm());
        Shared shared = realm == null ? null : realm.table(key.match()).get(key(key.match(), key.topic()));
        if (shared != null) {
            shared.nodes.remove(key.node());
        }
    }

    void removeNode(String node) {
        for (Realm realm : realms.values()) {
            realm.exact.values().forEach(s -> s.nodes.remove(node));
            realm.patterns.values().forEach(s -> s.nodes.remove(node));
        }
    }

    /**
     * The error URI a new registration of {@code procedure} with {@code match} and {@code invoke} on node
     * {@code self} gets because another node has it already, or {@code null}.
     */
    String conflict(String self, String realmName, MatchPolicy match, String procedure, String invoke) {
        Realm realm = realms.get(realmName);
        Shared shared = realm == null ? null : realm.table(match).get(key(match, procedure));
        if (shared == null) {
            return null;
        }
        for (Map.Entry<String, CalleeShare> e : shared.nodes.entrySet()) {
            if (e.getKey().equals(self)) {
                continue;
            }
            String theirs = e.getValue().invoke();
            if ("single".equals(theirs) && "single".equals(invoke)) {
                return ERROR_PROCEDURE_ALREADY_EXISTS;
            }
            if (!theirs.equals(invoke)) {
                return ERROR_DIFFERENT_POLICY;
            }
        }
        return null;
    }

    /** The node other than {@code self} whose registration serves a call of {@code procedure}, or {@code null}. */
    String nodeFor(String self, String realm, String procedure) {
        CallPlacement p = place(self, realm, procedure, null);
        return p == null ? null : p.node();
    }

    /**
     * Where a call of {@code procedure} goes, {@code local} being this node's best matching registration (or
     * {@code null}): this node when its registration ranks above every other node's; another node when one ranks
     * above; over the callees of all nodes by the invocation policy when they rank the same. {@code null} when no node
     * serves the procedure.
     */
    CallPlacement place(String self, String realmName, String procedure, LocalCallees local) {
        Realm realm = realms.get(realmName);
        if (realm == null) {
            return local != null ? CallPlacement.HERE : null;
        }
        Shared best = live(realm.exact.get(procedure), self);
        int bestRank = best == null ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        int localRank = local == null ? Integer.MIN_VALUE : rank(local.match(), local.procedure(), procedure, null);
        if (best == null && localRank != Integer.MAX_VALUE && !realm.patterns.isEmpty()) {
            String[] components = procedure.split("\\.", -1);
            for (Shared s : realm.patterns.values()) {
                int r = rank(s.match, s.procedure, procedure, components);
                if (r > bestRank && live(s, self) != null) {
                    best = s;
                    bestRank = r;
                }
            }
        }
        if (best == null || localRank > bestRank) {
            return local != null ? CallPlacement.HERE : null;
        }
        boolean withLocal = localRank == bestRank && local.match() == best.match
                && local.procedure().equals(best.procedure);
        if (localRank == bestRank && !withLocal) {
            return CallPlacement.HERE; // another registration of the same rank: this node's own precedence
        }
        return choose(best, self, withLocal ? local : null);
    }

    /** {@code s} when a node other than {@code self} holds callees of it. */
    private static Shared live(Shared s, String self) {
        if (s == null) {
            return null;
        }
        for (String node : s.nodes.keySet()) {
            if (!node.equals(self)) {
                return s;
            }
        }
        return null;
    }

    /** By the invocation policy, over the callees of every node that has {@code shared} (and this node's). */
    private static CallPlacement choose(Shared shared, String self, LocalCallees local) {
        List<Candidate> candidates = new ArrayList<>(shared.nodes.size() + 1);
        String invoke = local != null ? local.invoke() : null;
        for (Map.Entry<String, CalleeShare> e : shared.nodes.entrySet()) {
            CalleeShare c = e.getValue();
            if (!e.getKey().equals(self) && c.count() > 0) {
                candidates.add(new Candidate(e.getKey(), e.getKey(), c.count(), c.firstRegistered(),
                        c.lastRegistered()));
                invoke = invoke == null ? c.invoke() : invoke;
            }
        }
        if (local != null) {
            candidates.add(new Candidate(null, self, local.count(), local.firstRegistered(), local.lastRegistered()));
        }
        if (candidates.isEmpty()) {
            return null;
        }
        candidates.sort(Comparator.comparing(Candidate::order));
        return switch (String.valueOf(invoke)) {
            case "roundrobin" -> nth(candidates, shared.rotation.getAndIncrement());
            case "random" -> nth(candidates, ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
            case "first" -> at(candidates.stream()
                    .min(Comparator.comparingLong(Candidate::first).thenComparing(Candidate::order)).orElseThrow());
            case "last" -> at(candidates.stream()
                    .max(Comparator.comparingLong(Candidate::last).thenComparing(Candidate::order)).orElseThrow());
            default -> local != null ? CallPlacement.HERE : at(candidates.get(0)); // single: one node has it
        };
    }

    /** The {@code n}-th callee (modulo their number) of the list of all candidates' callees. */
    private static CallPlacement nth(List<Candidate> candidates, int n) {
        int total = 0;
        for (Candidate c : candidates) {
            total += c.count();
        }
        int i = Math.floorMod(n, total);
        for (Candidate c : candidates) {
            if (i < c.count()) {
                return new CallPlacement(c.node(), i);
            }
            i -= c.count();
        }
        throw new IllegalStateException("unreachable");
    }

    private static CallPlacement at(Candidate c) {
        return new CallPlacement(c.node(), -1);
    }

    /** How well a registration matches, as the dealer ranks it; {@link Integer#MIN_VALUE} when it does not. */
    private static int rank(MatchPolicy match, String registered, String procedure, String[] components) {
        return switch (match) {
            case EXACT -> registered.equals(procedure) ? Integer.MAX_VALUE : Integer.MIN_VALUE;
            case PREFIX -> procedure.startsWith(registered) ? 1_000_000 + registered.length() : Integer.MIN_VALUE;
            default -> TopicPatterns.wildcardMatches(registered,
                    components != null ? components : procedure.split("\\.", -1))
                            ? fixedComponents(registered) : Integer.MIN_VALUE;
        };
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
