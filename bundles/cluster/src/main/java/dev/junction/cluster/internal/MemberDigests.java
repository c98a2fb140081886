package dev.junction.cluster.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;

/**
 * Every member's current configuration digest. A member carries the digest it started with as a member attribute
 * (Hazelcast fixes attributes at start); when its realm, role or principal configuration changes later it publishes
 * the new digest in the replicated map {@value #MAP} (member UUID to digest), which then takes precedence.
 */
final class MemberDigests {
    static final String MAP = "junction.config-digests";

    private final HazelcastInstance instance;
    private final ReplicatedMap<String, String> map;

    MemberDigests(HazelcastInstance instance) {
        this.instance = instance;
        this.map = instance.getReplicatedMap(MAP);
    }

    /** Calls {@code changed} with the member UUID whenever a member publishes a new digest. */
    void onChange(Consumer<String> changed) {
        map.addEntryListener(new EntryChanges<String>((uuid, digest) -> {
            if (digest != null) {
                changed.accept(uuid);
            }
        }));
    }

    /** The current digest of {@code member}. */
    String of(Member member) {
        String published = map.get(member.getUuid().toString());
        return published != null ? published : member.getAttribute(ClusterNode.DIGEST_ATTRIBUTE);
    }

    /** The current digests of the other members, keyed by "uuid address" (as the join check names them). */
    Map<String, String> others() {
        Map<String, String> out = new TreeMap<>();
        for (Member m : instance.getCluster().getMembers()) {
            if (!m.localMember()) {
                out.put(m.getUuid() + " " + m.getAddress(), of(m));
            }
        }
        return out;
    }

    /** Publishes this member's new digest. */
    void publish(String digest) {
        map.put(instance.getCluster().getLocalMember().getUuid().toString(), digest);
    }

    /** Forgets the digest a member that left had published. */
    void forget(String uuid) {
        map.remove(uuid);
    }
}
