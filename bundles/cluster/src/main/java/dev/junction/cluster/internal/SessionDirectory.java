package dev.junction.cluster.internal;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;

import dev.junction.spi.cluster.LocalRouting;

/**
 * Which sessions every node has, for the meta API of the others: the replicated map {@value #MAP} holds, per node,
 * realm and session id, what {@code wamp.session.get} answers for the session. A node writes its own entries in the
 * background (in the order its sessions join and leave), keeps an index of everyone else's, and forgets a node's
 * entries when it leaves (every survivor removes them from the map too, as with subscriptions).
 *
 * <p>Changes that arrive as map events (not the entries found when this node starts following the map) become the
 * meta events {@code wamp.session.on_join} and {@code on_leave} on this node; a node that leaves yields one
 * {@code on_leave} per session it had, on every node (the removals from the map that follow find nothing left).
 *
 * <p>After a split brain heals, the merged member has a new UUID ({@link SplitBrainRecovery}): the node writes its
 * sessions again under it ({@link #merged}), and the entries under its former UUID are removed by every node's sweep
 * like any entries of a UUID that is no member ({@link #nodeOfKey}).
 */
final class SessionDirectory {
    static final String MAP = "junction.sessions";
    private static final char SEPARATOR = '\n';

    /** One session of another node. */
    record Entry(String node, Map<String, Object> details) {
    }

    private final Supplier<String> self;
    private final Predicate<String> isSelf;
    private final Executor writer;
    /** This node's own entries (realm SEPARATOR session to details), to write again under a new UUID. */
    private final Map<String, Serializable> own = new ConcurrentHashMap<>();
    private final Supplier<LocalRouting> router;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Long, Entry>> byRealm = new ConcurrentHashMap<>();
    private volatile ReplicatedMap<String, Serializable> map;
    /**
     * Sweeps that still reread every entry: Hazelcast may fill a new member's replica (and a merged member's) after
     * it started following the map, without entry events (such sessions get no on_join here, like those found at start).
     */
    private final java.util.concurrent.atomic.AtomicInteger rereads = new java.util.concurrent.atomic.AtomicInteger(3);

    /**
     * @param self this node's member UUID now
     * @param isSelf whether a UUID is or was this node's (its UUIDs before a merge)
     */
    SessionDirectory(Supplier<String> self, Predicate<String> isSelf, Executor writer, Supplier<LocalRouting> router) {
        this.self = self;
        this.isSelf = isSelf;
        this.writer = writer;
        this.router = router;
    }

    /** Starts following the map: learns the sessions the other nodes have now and as they change. */
    void start(HazelcastInstance instance) {
        ReplicatedMap<String, Serializable> m = instance.getReplicatedMap(MAP);
        m.addEntryListener(new EntryChanges<Serializable>((key, value) -> learn(key, value, true)));
        for (Map.Entry<String, Serializable> e : m.entrySet()) {
            learn(e.getKey(), e.getValue(), false);
        }
        map = m;
    }

    static String key(String node, String realm, long session) {
        return node + SEPARATOR + realm + SEPARATOR + session;
    }

    /** The node (member UUID) of a key of the map, or {@code null} for a key of another form. */
    static String nodeOfKey(String key) {
        int end = key.indexOf(SEPARATOR);
        return end <= 0 ? null : key.substring(0, end);
    }

    /** At a sweep (on the writer thread): the first few after start and after a merge reread every entry. */
    void reread() {
        ReplicatedMap<String, Serializable> m = map;
        if (m != null && rereads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            for (String key : m.keySet()) {
                Serializable now = m.get(key); // read again: an entry removed meanwhile is not learned again
                if (now != null) {
                    learn(key, now, false);
                }
            }
        }
    }

    /** The map, once following it ({@link #start}). */
    ReplicatedMap<String, Serializable> map() {
        return map;
    }

    void joined(String realm, long session, Map<String, Object> details) {
        Serializable value = (Serializable) ClusterEvent.plainMap(details);
        own.put(realm + SEPARATOR + session, value);
        writer.execute(() -> {
            ReplicatedMap<String, Serializable> m = map;
            if (m != null) {
                m.put(key(self.get(), realm, session), value);
            }
        });
    }

    /**
     * This member merged into the other side of a split brain and has the UUID {@code now}: its sessions are written
     * again under it, and its entries under {@code former} removed. On the writer thread.
     */
    void merged(String former, String now) {
        ReplicatedMap<String, Serializable> m = map;
        if (m == null) {
            return;
        }
        m.keySet().stream().filter(k -> former.equals(nodeOfKey(k))).forEach(m::remove);
        own.forEach((realmAndSession, details) -> m.put(now + SEPARATOR + realmAndSession, details));
        rereads.set(3);
    }

    void left(String realm, long session) {
        own.remove(realm + SEPARATOR + session);
        String key = key(self.get(), realm, session);
        writer.execute(() -> {
            ReplicatedMap<String, Serializable> m = map;
            if (m != null) {
                m.remove(key);
            }
        });
    }

    /** The other nodes' sessions of {@code realm}. */
    Collection<Map<String, Object>> sessions(String realm) {
        ConcurrentHashMap<Long, Entry> sessions = byRealm.get(realm);
        return sessions == null ? List.of() : sessions.values().stream().map(Entry::details).toList();
    }

    /** The node of another node's session, or {@code null}. */
    String nodeOf(String realm, long session) {
        ConcurrentHashMap<Long, Entry> sessions = byRealm.get(realm);
        Entry e = sessions == null ? null : sessions.get(session);
        return e == null ? null : e.node();
    }

    /** Forgets {@code node}'s sessions here; with {@code fromMap}, removes them from the map too (in the background). */
    void removeNode(String node, boolean fromMap) {
        byRealm.forEach((realm, sessions) -> sessions.forEach((id, e) -> {
            if (e.node().equals(node) && sessions.remove(id, e)) {
                left(realm, id, e);
            }
        }));
        if (fromMap) {
            writer.execute(() -> {
                ReplicatedMap<String, Serializable> m = map;
                if (m != null) {
                    m.keySet().stream().filter(k -> k.startsWith(node + SEPARATOR)).forEach(m::remove);
                }
            });
        }
    }

    /** How many sessions the other nodes have, in every realm. */
    int size() {
        return byRealm.values().stream().mapToInt(Map::size).sum();
    }

    @SuppressWarnings("unchecked")
    private void learn(String key, Serializable value, boolean live) {
        String[] parts = key.split(String.valueOf(SEPARATOR), 3);
        if (parts.length != 3 || isSelf.test(parts[0])) {
            return;
        }
        long session;
        try {
            session = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return;
        }
        if (value instanceof Map<?, ?> details) {
            Entry before = byRealm.computeIfAbsent(parts[1], r -> new ConcurrentHashMap<>())
                    .put(session, new Entry(parts[0], (Map<String, Object>) details));
            LocalRouting r = router.get();
            if (live && before == null && r != null) {
                r.sessionJoinedElsewhere(parts[1], (Map<String, Object>) details);
            }
        } else {
            ConcurrentHashMap<Long, Entry> sessions = byRealm.get(parts[1]);
            Entry gone = sessions == null ? null : sessions.remove(session);
            if (gone != null) {
                left(parts[1], session, gone);
            }
        }
    }

    private void left(String realm, long session, Entry e) {
        LocalRouting r = router.get();
        if (r != null) {
            r.sessionLeftElsewhere(realm, session, String.valueOf(e.details().get("authid")),
                    String.valueOf(e.details().get("authrole")));
        }
    }
}
