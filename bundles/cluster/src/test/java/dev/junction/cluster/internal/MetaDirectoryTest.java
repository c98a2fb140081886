package dev.junction.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real Hazelcast members in this JVM on loopback: the subscriptions and registrations one node reports
 * ({@code metaChanged}) are what the other's meta API sees ({@code remoteMeta}), by realm and kind, with their
 * latest sessions; they disappear when deleted and when their node leaves.
 */
class MetaDirectoryTest {
    private ClusterNode a;
    private ClusterNode b;

    @AfterEach
    void stop() {
        if (b != null) {
            b.stop();
        }
        if (a != null) {
            a.stop();
        }
    }

    private static Map<String, Object> summary(long id, String uri, String match, List<Long> sessions) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("created", "2026-12-06T08:00:00Z");
        s.put("uri", uri);
        s.put("match", match);
        s.put("sessions", sessions);
        return s;
    }

    @Test
    void aNodesSubscriptionsAndRegistrationsAreSeenByTheOtherAndGoWithIt() throws Exception {
        List<ClusterSettings> settings = TestMembers.cluster("meta", 2);
        a = new ClusterNode(settings.get(0), "digest");
        assertThat(a.start(getClass().getClassLoader())).isTrue();
        List<String> removals = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.attach(new ClusterStateTest.Recorder() {
            @Override
            public boolean remove(String realm, String kind, long id, long session, String reason) {
                removals.add(realm + " " + kind + " " + id + " " + session + " " + reason);
                return true;
            }
        });
        b = new ClusterNode(settings.get(1), "digest");
        assertThat(b.start(getClass().getClassLoader())).isTrue();
        b.attach(new ClusterStateTest.Recorder());

        // The summary is read when the cluster writes it, not when the router reports the change.
        AtomicReference<Map<String, Object>> sub = new AtomicReference<>(summary(7, "com.x", "exact", List.of(42L)));
        AtomicInteger asked = new AtomicInteger();
        a.metaChanged("realm1", "subscription", 7, () -> {
            asked.incrementAndGet();
            return sub.get();
        });
        Map<String, Object> reg = new LinkedHashMap<>(summary(8, "com.p.", "prefix", List.of(42L, 43L)));
        reg.put("invoke", "roundrobin");
        a.metaChanged("realm1", "registration", 8, () -> reg);

        TestMembers.await("B knows A's subscription", () -> !b.remoteMeta("realm1", "subscription").isEmpty());
        assertThat(b.remoteMeta("realm1", "subscription")).singleElement().satisfies(s -> assertThat(s)
                .containsEntry("id", 7L).containsEntry("uri", "com.x").containsEntry("sessions", List.of(42L)));
        TestMembers.await("B knows A's registration", () -> !b.remoteMeta("realm1", "registration").isEmpty());
        assertThat(b.remoteMeta("realm1", "registration")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("invoke", "roundrobin").containsEntry("sessions", List.of(42L, 43L)));
        assertThat(b.remoteMeta("realm2", "subscription")).as("another realm").isEmpty();
        assertThat(a.remoteMeta("realm1", "subscription")).as("a node's own are not remote").isEmpty();
        assertThat(asked.get()).isPositive();

        // remove_subscriber / remove_callee on B reach A's router; an id no other node has: not sent.
        assertThat(b.removeRemote("realm1", "registration", 8, 43, "com.x.why")).isTrue();
        assertThat(b.removeRemote("realm1", "registration", 7, 42, null)).as("7 is a subscription").isFalse();
        TestMembers.await("A's router is asked to remove the callee", () -> !removals.isEmpty());
        assertThat(removals).containsExactly("realm1 registration 8 43 com.x.why");

        // A change of its sessions replaces the summary; a null summary (deleted) removes it.
        sub.set(summary(7, "com.x", "exact", List.of(42L, 44L)));
        a.metaChanged("realm1", "subscription", 7, sub::get);
        TestMembers.await("B sees the new subscriber", () -> b.remoteMeta("realm1", "subscription").stream()
                .anyMatch(s -> s.get("sessions").equals(List.of(42L, 44L))));
        a.metaChanged("realm1", "subscription", 7, () -> null);
        TestMembers.await("B forgets the deleted subscription", () -> b.remoteMeta("realm1", "subscription").isEmpty());
        assertThat(b.remoteMeta("realm1", "registration")).as("control: the registration stays").hasSize(1);

        // A node that leaves takes its entries with it.
        a.stop();
        a = null;
        TestMembers.await("B forgets the registration of the node that left",
                () -> b.remoteMeta("realm1", "registration").isEmpty());
    }
}
