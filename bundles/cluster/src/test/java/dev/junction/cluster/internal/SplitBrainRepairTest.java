package dev.junction.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.hazelcast.replicatedmap.ReplicatedMap;

/**
 * What a healed split brain leaves in the session directory: entries under a UUID that is no member are swept (as the
 * interests are), and a merged node writes its sessions again under its new UUID. The merge itself needs a real
 * partition (scripts/cluster-partition.sh); these are its two halves on one real member.
 */
class SplitBrainRepairTest {
    private ClusterNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void sessionEntriesOfAUuidThatIsNoMemberAreSweptAndOwnEntriesStay() throws Exception {
        int port = TestMembers.freePort();
        node = new ClusterNode(new ClusterSettings("repair" + Long.toHexString(System.nanoTime()),
                List.of("127.0.0.1:" + port), "127.0.0.1", port, 1, 2, 2, JoinCheck.Mode.REFUSE), "digest");
        assertThat(node.start(getClass().getClassLoader())).isTrue();
        node.sessionJoined("realm1", 42, Map.of("session", 42L, "authid", "own"));
        ReplicatedMap<String, Serializable> map = node.hazelcast().getReplicatedMap(SessionDirectory.MAP);
        // What a merge brings back: another side's entry under a UUID that no member has (any more).
        map.put(SessionDirectory.key("gone-uuid", "realm1", 7), new HashMap<>(Map.of("session", 7L)));
        TestMembers.await("the stale session is known first", () -> node.remoteSessions("realm1").stream()
                .anyMatch(s -> Long.valueOf(7).equals(s.get("session"))));

        TestMembers.await("the stale session is swept (absent at two sweeps)", () -> node.remoteSessions("realm1").isEmpty()
                && !map.containsKey(SessionDirectory.key("gone-uuid", "realm1", 7)));
        String self = node.hazelcast().getCluster().getLocalMember().getUuid().toString();
        assertThat(map.keySet()).as("this node's own entry stays").contains(SessionDirectory.key(self, "realm1", 42));
    }

    @Test
    void aMergedNodeWritesItsSessionsAgainUnderItsNewUuid() throws Exception {
        int port = TestMembers.freePort();
        node = new ClusterNode(new ClusterSettings("merge" + Long.toHexString(System.nanoTime()),
                List.of("127.0.0.1:" + port), "127.0.0.1", port, 1, 30, 2, JoinCheck.Mode.REFUSE), "digest");
        assertThat(node.start(getClass().getClassLoader())).isTrue();
        String[] self = {"old-uuid"};
        SessionDirectory directory = new SessionDirectory(() -> self[0],
                uuid -> uuid.equals(self[0]) || uuid.equals("old-uuid"), Runnable::run, () -> null);
        directory.start(node.hazelcast());
        ReplicatedMap<String, Serializable> map = directory.map();
        directory.joined("realm1", 5, Map.of("session", 5L));
        directory.joined("realm1", 6, Map.of("session", 6L));
        directory.left("realm1", 6);
        assertThat(map.keySet()).contains(SessionDirectory.key("old-uuid", "realm1", 5))
                .doesNotContain(SessionDirectory.key("old-uuid", "realm1", 6));

        self[0] = "new-uuid";
        directory.merged("old-uuid", "new-uuid");
        assertThat(map.keySet()).contains(SessionDirectory.key("new-uuid", "realm1", 5))
                .doesNotContain(SessionDirectory.key("old-uuid", "realm1", 5), SessionDirectory.key("new-uuid",
                        "realm1", 6));
        assertThat(directory.sessions("realm1")).as("its own sessions, old or new UUID, are not another node's")
                .isEmpty();
        directory.left("realm1", 5);
        assertThat(map.keySet()).doesNotContain(SessionDirectory.key("new-uuid", "realm1", 5));
        assertThat(SessionDirectory.nodeOfKey(SessionDirectory.key("n1", "realm1", 9))).isEqualTo("n1");
        assertThat(SessionDirectory.nodeOfKey("no separator")).isNull();
    }


}
