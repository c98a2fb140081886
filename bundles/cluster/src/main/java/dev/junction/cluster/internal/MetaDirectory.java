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

/**
 * Which subscriptions and registrations every node has, for the meta API of the others: the replicated map
 * {@value #MAP} holds, per node, realm, kind ({@code subscription} or {@code registration}) and id, a summary
 * (id, created, uri, match, invoke for registrations, and the ids of its sessions). Laid out like the
 * {@link SessionDirectory}, on the same {@link NodeEntries}: a node writes its own entries in the background, keeps
 * an index of everyone else's, and forgets a node's entries when it leaves; after a split brain its entries are
 * written again under its new UUID and the former ones swept.
 *
 * <p>A change only notes the summary's supplier; the writer thread asks it once for however many changes came
 * meanwhile, so that a thousand sessions subscribing to one topic cost the routing threads a map put each, and the
 * cluster far fewer writes.
 */
final class MetaDirectory implements NodeDirectory {
    static final String MAP = "junction.meta";

    /** One subscription or registration of another node. */
    record Entry(String node, Map<String, Object> summary) {
    }

    private final NodeEntries entries;
    private final Executor writer;
    /** Changes not yet written: local key (realm, kind, id) to the summary's supplier. */
    private final Map<String, Supplier<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    /** Other nodes' entries by realm SEPARATOR kind, then id. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<Long, Entry>> byRealmAndKind = new ConcurrentHashMap<>();

    /**
     * @param self this node's member UUID now
     * @param isSelf whether a UUID is or was this node's (its UUIDs before a merge)
     */
    MetaDirectory(Supplier<String> self, Predicate<String> isSelf, Executor writer) {
        this.entries = new NodeEntries(MAP, self, isSelf, writer, this::learn);
        this.writer = writer;
    }

    /** Starts following the map: learns the entries the other nodes have now and as they change. */
    void start(HazelcastInstance instance) {
        entries.start(instance);
    }

    /** At a sweep (on the writer thread): the first few after start and after a merge reread every entry. */
    @Override
    public void reread() {
        entries.reread();
    }

    /** The map, once following it ({@link #start}). */
    @Override
    public ReplicatedMap<String, Serializable> map() {
        return entries.map();
    }

    /** One of this node's entries changed: written in the background with what {@code summary} tells then. */
    void changed(String realm, String kind, long id, Supplier<Map<String, Object>> summary) {
        String local = NodeEntries.local(realm, kind, id);
        if (pending.put(local, summary) == null) {
            writer.execute(() -> write(local));
        }
    }

    private void write(String local) {
        Supplier<Map<String, Object>> summary = pending.remove(local);
        if (summary != null) {
            Map<String, Object> now = summary.get();
            entries.writeNow(local, now == null ? null : (Serializable) ClusterEvent.plainMap(now));
        }
    }

    /**
     * This member merged into the other side of a split brain and has the UUID {@code now}: its entries are written
     * again under it, and those under {@code former} removed. On the writer thread.
     */
    @Override
    public void merged(String former, String now) {
        entries.merged(former, now);
    }

    /** The other nodes' entries of {@code kind} in {@code realm}. */
    Collection<Map<String, Object>> entries(String realm, String kind) {
        ConcurrentHashMap<Long, Entry> found = byRealmAndKind.get(NodeEntries.local(realm, kind));
        return found == null ? List.of() : found.values().stream().map(Entry::summary).toList();
    }

    /** The node of another node's entry, or {@code null}. */
    String nodeOf(String realm, String kind, long id) {
        ConcurrentHashMap<Long, Entry> found = byRealmAndKind.get(NodeEntries.local(realm, kind));
        Entry e = found == null ? null : found.get(id);
        return e == null ? null : e.node();
    }

    /** Forgets {@code node}'s entries here; with {@code fromMap}, removes them from the map too (in the background). */
    @Override
    public void removeNode(String node, boolean fromMap) {
        byRealmAndKind.values().forEach(found -> found.values().removeIf(e -> e.node().equals(node)));
        if (fromMap) {
            entries.removeNode(node);
        }
    }

    /** Another node's entry changed or went ({@code realmAndKind}: realm SEPARATOR kind). */
    @SuppressWarnings("unchecked")
    private void learn(String node, String realmAndKind, long id, Serializable value, boolean live) {
        if (value instanceof Map<?, ?> summary) {
            byRealmAndKind.computeIfAbsent(realmAndKind, r -> new ConcurrentHashMap<>())
                    .put(id, new Entry(node, (Map<String, Object>) summary));
        } else {
            ConcurrentHashMap<Long, Entry> found = byRealmAndKind.get(realmAndKind);
            if (found != null) {
                found.remove(id);
            }
        }
    }
}
