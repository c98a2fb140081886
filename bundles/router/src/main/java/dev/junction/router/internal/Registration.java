package dev.junction.router.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.junction.api.MatchPolicy;
import dev.junction.spi.cluster.LocalCallees;

/**
 * One registration: a procedure (or pattern), its invocation policy and the sessions that implement it. With the
 * policy {@code single} there is exactly one callee; the shared policies ({@code roundrobin}, {@code random},
 * {@code first}, {@code last}) let several callees register the same procedure under one registration id.
 */
final class Registration {
    static final List<String> POLICIES = List.of("single", "roundrobin", "random", "first", "last");

    final long id;
    final String procedure;
    final MatchPolicy match;
    /** When it was created, ISO 8601, for the meta API. */
    final String created = java.time.Instant.now().toString();
    final String invoke;
    /** In registration order; copy-on-write because calls read it far more often than callees come and go. */
    final CopyOnWriteArrayList<WampSession> callees = new CopyOnWriteArrayList<>();
    /** Callees that registered with {@code disclose_caller}: they learn who calls them (caller identification). */
    final java.util.Set<WampSession> discloseCallerTo = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** When each callee registered (epoch ms): the cluster orders {@code first}/{@code last} across nodes by it. */
    final java.util.Map<WampSession, Long> registeredAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    Registration(long id, String procedure, MatchPolicy match, String invoke) {
        this.id = id;
        this.procedure = procedure;
        this.match = match;
        this.invoke = invoke;
    }

    /** The callee for the next call, by the invocation policy; {@code null} when the last callee just left. */
    WampSession pick() {
        Object[] current = callees.toArray();
        if (current.length == 0) {
            return null;
        }
        int index = switch (invoke) {
            case "roundrobin" -> Math.floorMod(next.getAndIncrement(), current.length);
            case "random" -> ThreadLocalRandom.current().nextInt(current.length);
            case "last" -> current.length - 1;
            default -> 0; // single, first
        };
        return (WampSession) current[index];
    }

    /** The callee at {@code index} in registration order, as another node's placement chose; else {@link #pick()}. */
    WampSession calleeAt(int index) {
        if (index < 0) {
            return pick();
        }
        Object[] current = callees.toArray();
        return index < current.length ? (WampSession) current[index] : pick();
    }

    /** This node's callees of the registration, as the cluster shares them (count 0 when none is left). */
    LocalCallees share() {
        Object[] current = callees.toArray();
        if (current.length == 0) {
            return new LocalCallees(match, procedure, invoke, 0, 0, 0);
        }
        return new LocalCallees(match, procedure, invoke, current.length,
                registeredAt.getOrDefault(current[0], 0L), registeredAt.getOrDefault(current[current.length - 1], 0L));
    }
}
