package dev.junction.cluster.internal;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;

/**
 * A replicated map in which every node keeps entries of its own under keys that start with its member UUID
 * ({@code node SEPARATOR local key}), the layout the {@link SessionDirectory} and the {@link MetaDirectory} share:
 * this node writes its entries on the cluster's writer thread (in the order of the changes), remembers them to write
 * them again under its new UUID after a split brain merged it ({@link #merged}), hands every other node's entries to
 * a {@link Learner}, rereads the map at the first sweeps after start and after a merge (Hazelcast may fill a
 * member's replica without entry events), and removes a node's entries when it leaves.
 */
final class NodeEntries {
    static final char SEPARATOR = '\n';
    private static final int REREADS = 3;

    /**
     * What a directory makes of another node's entry, whose local key is {@code prefix} SEPARATOR {@code id} (realm,
     * or realm SEPARATOR kind, then a session, subscription or registration id); {@code value} is {@code null} when
     * the entry was removed. Keys of another form are not handed over.
     */
    interface Learner {
        void learn(String node, String prefix, long id, Serializable value, boolean live);
    }

    private final String name;
    private final Supplier<String> self;
    private final Predicate<String> isSelf;
    private final Executor writer;
    private final Learner learner;
    /** This node's own entries by local key, to write again under a new UUID. Written on the writer thread. */
    private final Map<String, Serializable> own = new ConcurrentHashMap<>();
    private final AtomicInteger rereads = new AtomicInteger(REREADS);
    private volatile ReplicatedMap<String, Serializable> map;

    /**
     * @param name the replicated map's name
     * @param self this node's member UUID now
     * @param isSelf whether a UUID is or was this node's (its UUIDs before a merge)
     */
    NodeEntries(String name, Supplier<String> self, Predicate<String> isSelf, Executor writer, Learner learner) {
        this.name = name;
        this.self = self;
        this.isSelf = isSelf;
        this.writer = writer;
        this.learner = learner;
    }

    /** The local key of parts ({@code realm}, {@code kind}, {@code id}, ...). */
    static String local(Object... parts) {
        StringBuilder key = new StringBuilder();
        for (Object part : parts) {
            if (key.length() > 0) {
                key.append(SEPARATOR);
            }
            key.append(part);
        }
        return key.toString();
    }

    /** The node (member UUID) of a key of such a map, or {@code null} for a key of another form. */
    static String nodeOfKey(String key) {
        int end = key.indexOf(SEPARATOR);
        return end <= 0 ? null : key.substring(0, end);
    }

    /** Starts following the map: the other nodes' entries now (not live) and as they change (live). */
    void start(HazelcastInstance instance) {
        ReplicatedMap<String, Serializable> m = instance.getReplicatedMap(name);
        m.addEntryListener(new EntryChanges<Serializable>((key, value) -> learn(key, value, true)));
        for (Map.Entry<String, Serializable> e : m.entrySet()) {
            learn(e.getKey(), e.getValue(), false);
        }
        map = m;
    }

    /** The map, once following it ({@link #start}). */
    ReplicatedMap<String, Serializable> map() {
        return map;
    }

    /** Puts ({@code value}) or removes ({@code null}) this node's entry {@code local}, in the background. */
    void write(String local, Serializable value) {
        writer.execute(() -> writeNow(local, value));
    }

    /** {@link #write} on the writer thread itself. */
    void writeNow(String local, Serializable value) {
        ReplicatedMap<String, Serializable> m = map;
        String key = self.get() + SEPARATOR + local;
        if (value == null) {
            own.remove(local);
            if (m != null) {
                m.remove(key);
            }
        } else {
            own.put(local, value);
            if (m != null) {
                m.put(key, value);
            }
        }
    }

    /**
     * This member merged into the other side of a split brain and has the UUID {@code now}: its entries are written
     * again under it, those under {@code former} removed, and the next sweeps reread the map. On the writer thread.
     */
    void merged(String former, String now) {
        ReplicatedMap<String, Serializable> m = map;
        if (m == null) {
            return;
        }
        m.keySet().stream().filter(k -> former.equals(nodeOfKey(k))).forEach(m::remove);
        own.forEach((local, value) -> m.put(now + SEPARATOR + local, value));
        rereads.set(REREADS);
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

    /** Removes {@code node}'s entries from the map, in the background (every remaining node does, as it leaves). */
    void removeNode(String node) {
        writer.execute(() -> {
            ReplicatedMap<String, Serializable> m = map;
            if (m != null) {
                m.keySet().stream().filter(k -> k.startsWith(node + SEPARATOR)).forEach(m::remove);
            }
        });
    }

    private void learn(String key, Serializable value, boolean live) {
        String node = nodeOfKey(key);
        int at = key.lastIndexOf(SEPARATOR);
        if (node == null || at <= node.length() || isSelf.test(node)) {
            return;
        }
        long id;
        try {
            id = Long.parseLong(key, at + 1, key.length(), 10);
        } catch (NumberFormatException e) {
            return;
        }
        learner.learn(node, key.substring(node.length() + 1, at), id, value, live);
    }
}
