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
 * {@link SessionDirectory}: a node writes its own entries in the background, keeps an index of everyone else's, and
 * forgets a node's entries when it leaves; after a split brain its entries are written again under its new UUID and
 * the former ones swept ({@link SessionDirectory#nodeOfKey} reads these keys too).
 *
 * <p>A change only notes the summary's supplier; the writer thread asks it once for however many changes came
 * meanwhile, so that a thousand sessions subscribing to one topic cost the routing threads a map put each, and the
 * cluster far fewer writes.
 */
final class MetaDirectory {
    static final String MAP = "junction.meta";
    private static final char SEPARATOR = '\n';

    /** One subscription or registration of another node. */
    record Entry(String node, Map<String, Object> summary) {
    }

    private final Supplier<String> self;
    private final Predicate<String> isSelf;
    private final Executor writer;
    /** Changes not yet written: realm SEPARATOR kind SEPARATOR id to the summary's supplier. */
    private final Map<String, Supplier<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    /** This node's own entries (realm SEPARATOR kind SEPARATOR id to summary), to write again under a new UUID. */
    private final Map<String, Serializable> own = new ConcurrentHashMap<>();
    /** Other nodes' entries by realm SEPARATOR kind, then id. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<Long, Entry>> byRealmAndKind = new ConcurrentHashMap<>();
    private volatile ReplicatedMap<String, Serializable> map;
    /**
     * Sweeps that still reread every entry: Hazelcast may fill a new member's replica (and a merged member's) after
     * it started following the map, without entry events.
     */
    private final java.util.concurrent.atomic.AtomicInteger rereads = new java.util.concurrent.atomic.AtomicInteger(3);

    /**
     * @param self this node's member UUID now
     * @param isSelf whether a UUID is or was this node's (its UUIDs before a merge)
     */
    MetaDirectory(Supplier<String> self, Predicate<String> isSelf, Executor writer) {
        this.self = self;
        this.isSelf = isSelf;
        this.writer = writer;
    }

    /** Starts following the map: learns the entries the other nodes have now and as they change. */
    void start(HazelcastInstance instance) {
        ReplicatedMap<String, Serializable> m = instance.getReplicatedMap(MAP);
        m.addEntryListener(new EntryChanges<Serializable>(this::learn));
        for (Map.Entry<String, Serializable> e : m.entrySet()) {
            learn(e.getKey(), e.getValue());
        }
        map = m;
    }

    /** At a sweep (on the writer thread): the first few after start and after a merge reread every entry. */
    void reread() {
        ReplicatedMap<String, Serializable> m = map;
        if (m != null && rereads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            for (String key : m.keySet()) {
                Serializable now = m.get(key); // read again: an entry removed meanwhile is not learned again
                if (now != null) {
                    learn(key, now);
                }
            }
        }
    }

    /** The map, once following it ({@link #start}). */
    ReplicatedMap<String, Serializable> map() {
        return map;
    }

    /** One of this node's entries changed: written in the background with what {@code summary} tells then. */
    void changed(String realm, String kind, long id, Supplier<Map<String, Object>> summary) {
        String local = realm + SEPARATOR + kind + SEPARATOR + id;
        if (pending.put(local, summary) == null) {
            writer.execute(() -> write(local));
        }
    }

    private void write(String local) {
        Supplier<Map<String, Object>> summary = pending.remove(local);
        if (summary == null) {
            return;
        }
        Map<String, Object> now = summary.get();
        ReplicatedMap<String, Serializable> m = map;
        String key = self.get() + SEPARATOR + local;
        if (now == null) {
            own.remove(local);
            if (m != null) {
                m.remove(key);
            }
        } else {
            Serializable value = (Serializable) ClusterEvent.plainMap(now);
            own.put(local, value);
            if (m != null) {
                m.put(key, value);
            }
        }
    }

    /**
     * This member merged into the other side of a split brain and has the UUID {@code now}: its entries are written
     * again under it, and those under {@code former} removed. On the writer thread.
     */
    void merged(String former, String now) {
        ReplicatedMap<String, Serializable> m = map;
        if (m == null) {
            return;
        }
        m.keySet().stream().filter(k -> former.equals(SessionDirectory.nodeOfKey(k))).forEach(m::remove);
        own.forEach((local, summary) -> m.put(now + SEPARATOR + local, summary));
        rereads.set(3);
    }

    /** The other nodes' entries of {@code kind} in {@code realm}. */
    Collection<Map<String, Object>> entries(String realm, String kind) {
        ConcurrentHashMap<Long, Entry> entries = byRealmAndKind.get(realm + SEPARATOR + kind);
        return entries == null ? List.of() : entries.values().stream().map(Entry::summary).toList();
    }

    /** The node of another node's entry, or {@code null}. */
    String nodeOf(String realm, String kind, long id) {
        ConcurrentHashMap<Long, Entry> entries = byRealmAndKind.get(realm + SEPARATOR + kind);
        Entry e = entries == null ? null : entries.get(id);
        return e == null ? null : e.node();
    }

    /** Forgets {@code node}'s entries here; with {@code fromMap}, removes them from the map too (in the background). */
    void removeNode(String node, boolean fromMap) {
        byRealmAndKind.values().forEach(entries -> entries.values().removeIf(e -> e.node().equals(node)));
        if (fromMap) {
            writer.execute(() -> {
                ReplicatedMap<String, Serializable> m = map;
                if (m != null) {
                    m.keySet().stream().filter(k -> k.startsWith(node + SEPARATOR)).forEach(m::remove);
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private void learn(String key, Serializable value) {
        String[] parts = key.split(String.valueOf(SEPARATOR), 4);
        if (parts.length != 4 || isSelf.test(parts[0])) {
            return;
        }
        long id;
        try {
            id = Long.parseLong(parts[3]);
        } catch (NumberFormatException e) {
            return;
        }
        String realmAndKind = parts[1] + SEPARATOR + parts[2];
        if (value instanceof Map<?, ?> summary) {
            byRealmAndKind.computeIfAbsent(realmAndKind, r -> new ConcurrentHashMap<>())
                    .put(id, new Entry(parts[0], (Map<String, Object>) summary));
        } else {
            ConcurrentHashMap<Long, Entry> entries = byRealmAndKind.get(realmAndKind);
            if (entries != null) {
                entries.remove(id);
            }
        }
    }
}
