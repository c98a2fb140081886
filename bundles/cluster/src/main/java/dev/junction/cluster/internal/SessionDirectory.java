package dev.junction.cluster.internal;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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
 */
final class SessionDirectory {
    static final String MAP = "junction.sessions";
    private static final char SEPARATOR = '\n';

    /** One session of another node. */
    record Entry(String node, Map<String, Object> details) {
    }

    private final String self;
    private final Executor writer;
    private final Supplier<LocalRouting> router;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Long, Entry>> byRealm = new ConcurrentHashMap<>();
    private volatile ReplicatedMap<String, Serializable> map;

    SessionDirectory(String self, Executor writer, Supplier<LocalRouting> router) {
        this.self = self;
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

    void joined(String realm, long session, Map<String, Object> details) {
        String key = key(self, realm, session);
        Serializable value = (Serializable) ClusterEvent.plainMap(details);
        writer.execute(() -> {
            ReplicatedMap<String, Serializable> m = map;
            if (m != null) {
                m.put(key, value);
            }
        });
    }

    void left(String realm, long session) {
        String key = key(self, realm, session);
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
        if (parts.length != 3 || parts[0].equals(self)) {
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
