package dev.junction.cluster.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.replicatedmap.ReplicatedMap;

/**
 * What a split brain leaves behind, repaired. Found by scripts/cluster-partition.sh: after the partition healed, the
 * smaller side had merged into the bigger one, Hazelcast had given its member a new UUID and merged its replicas
 * back, so that its entries came back under the old UUID (no member any more: when that node died later, nobody
 * would remove them) and it knew its own old entries as another node's; and its events no longer reached the others.
 * <ul>
 * <li>{@link #onMerged}: the merging member tells its node, which adopts the new UUID and puts its own entries again
 * under it ({@link ClusterNode#merged}).</li>
 * <li>{@link #sweep}: every node removes the entries of a UUID that is not a member, once it has been absent at two
 * sweeps in a row (an entry of a member that has just joined may arrive before its membership; and a UUID left over
 * after a merge is gone for good). A sweep also removes entries a member's own cleanup missed.</li>
 * </ul>
 */
final class SplitBrainRecovery implements LifecycleListener {
    private final Runnable merged;
    private Set<String> absentBefore = Set.of();

    SplitBrainRecovery(Runnable merged) {
        this.merged = merged;
    }

    @Override
    public void stateChanged(LifecycleEvent event) {
        if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
            merged.run();
        }
    }

    /** A replicated map whose keys name a node, and how to read the node (member UUID) from a key. */
    record Swept(ReplicatedMap<String, ?> map, Function<String, String> nodeOfKey) {
        /** A map keyed by {@link InterestKey}s. */
        static Swept interests(ReplicatedMap<String, ?> map) {
            return new Swept(map, encoded -> {
                InterestKey key = InterestKey.decode(encoded);
                return key == null ? null : key.node();
            });
        }
    }

    /**
     * Removes from {@code maps} the entries of UUIDs that are not members now and were not at the last sweep. Runs
     * on the node's writer thread (one at a time).
     */
    void sweep(HazelcastInstance instance, Supplier<Set<String>> formerSelves, List<Swept> maps) {
        Set<String> members = new HashSet<>();
        for (Member m : instance.getCluster().getMembers()) {
            members.add(m.getUuid().toString());
        }
        Set<String> absent = new HashSet<>();
        for (Swept swept : maps) {
            if (swept.map() == null) {
                continue;
            }
            for (String encoded : swept.map().keySet()) {
                String node = swept.nodeOfKey().apply(encoded);
                if (node != null && !members.contains(node)) {
                    absent.add(node);
                }
            }
        }
        Set<String> gone = new HashSet<>(absent);
        gone.retainAll(absentBefore);
        gone.addAll(formerSelves.get()); // this node's UUIDs before a merge: never a member again
        absent.removeAll(gone);
        absentBefore = absent;
        if (gone.isEmpty()) {
            return;
        }
        for (Swept swept : maps) {
            if (swept.map() == null) {
                continue;
            }
            for (String encoded : swept.map().keySet()) {
                if (gone.contains(swept.nodeOfKey().apply(encoded))) {
                    swept.map().remove(encoded);
                }
            }
        }
    }
}
