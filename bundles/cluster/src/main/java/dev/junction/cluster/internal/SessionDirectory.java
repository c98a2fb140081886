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
 * like any entries of a UUID that is no member ({@link #nodeOfKey}). The map's layout and this node's side of it
 * are {@link NodeEntries}'.
 */
final class SessionDirectory implements NodeDirectory {
    static final String MAP = "junction.sessions";

    /** One session of another node. */
    record Entry(String node, Map<String, Object> details) {
    }

    private final NodeEntries entries;
    private final Supplier<LocalRouting> router;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Long, Entry>> byRealm = new ConcurrentHashMap<>();

    /**
     * @param self this node's member UUID now
     * @param isSelf whether a UUID is or was this node's (its UUIDs before a merge)
     */
    SessionDirectory(Supplier<String> self, Predicate<String> isSelf, Executor writer, Supplier<LocalRouting> router) {
        this.entries = new NodeEntries(MAP, self, isSelf, writer, this::learn);
        this.router = router;
    }

    /** Starts following the map: learns the sessions the other nodes have now and as they change. */
    void start(HazelcastInstance instance) {
        entries.start(instance);
    }

    static String key(String node, String realm, long session) {
        return node + NodeEntries.SEPARATOR + NodeEntries.local(realm, session);
    }

    /** The node (member UUID) of a key of the map, or {@code null} for a key of another form. */
    static String nodeOfKey(String key) {
        return NodeEntries.nodeOfKey(key);
    }

    /**
     * At a sweep (on the writer thread): the first few after start and after a merge reread every entry (sessions
     * found so get no on_join here, like those found at start).
     */
    @Override
    public void reread() {
        entries.reread();
    }

    /** The map, once following it ({@link #start}). */
    @Override
    public ReplicatedMap<String, Serializable> map() {
        return entries.map();
    }

    void joined(String realm, long session, Map<String, Object> details) {
        entries.write(NodeEntries.local(realm, session), (Serializable) ClusterEvent.plainMap(details));
    }

    /**
     * This member merged into the other side of a split brain and has the UUID {@code now}: its sessions are written
     * again under it, and its entries under {@code former} removed. On the writer thread.
     */
    @Override
    public void merged(String former, String now) {
        entries.merged(former, now);
    }

    void left(String realm, long session) {
        entries.write(NodeEntries.local(realm, session), null);
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
    @Override
    public void removeNode(String node, boolean fromMap) {
        byRealm.forEach((realm, sessions) -> sessions.forEach((id, e) -> {
            if (e.node().equals(node) && sessions.remove(id, e)) {
                left(realm, id, e);
            }
        }));
        if (fromMap) {
            entries.removeNode(node);
        }
    }

    /** How many sessions the other nodes have, in every realm. */
    int size() {
        return byRealm.values().stream().mapToInt(Map::size).sum();
    }

    /** Another node's session joined or left. */
    @SuppressWarnings("unchecked")
    private void learn(String node, String realm, long session, Serializable value, boolean live) {
        if (value instanceof Map<?, ?> details) {
            Entry before = byRealm.computeIfAbsent(realm, r -> new ConcurrentHashMap<>())
                    .put(session, new Entry(node, (Map<String, Object>) details));
            LocalRouting r = router.get();
            if (live && before == null && r != null) {
                r.sessionJoinedElsewhere(realm, (Map<String, Object>) details);
            }
        } else {
            ConcurrentHashMap<Long, Entry> sessions = byRealm.get(realm);
            Entry gone = sessions == null ? null : sessions.remove(session);
            if (gone != null) {
                left(realm, session, gone);
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
