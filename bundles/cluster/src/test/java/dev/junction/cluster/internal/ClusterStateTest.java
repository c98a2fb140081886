package dev.junction.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.junction.api.message.Payload;
import dev.junction.spi.call.CallResult;
import dev.junction.spi.cluster.LocalRouting;
import dev.junction.spi.cluster.RemoteAnswer;
import dev.junction.spi.cluster.RemoteCall;
import dev.junction.spi.cluster.RemoteCallHandle;
import dev.junction.spi.cluster.RemotePublication;

/**
 * Two real Hazelcast members in this JVM on loopback: what one realm's state on one node looks like from the other.
 * Retained events and history topics reach a node without subscribers, a node that joins later gets the retained
 * events, the session directory answers for the other node's sessions and forgets them when it leaves, and a kill
 * request reaches the session's node. The router side records what reaches it.
 */
class ClusterStateTest {
    private ClusterNode a;
    private ClusterNode b;

    /** What the cluster hands to a node's router. */
    static class Recorder implements LocalRouting {
        final List<RemotePublication> delivered = new CopyOnWriteArrayList<>();
        final List<RemotePublication> kept = new CopyOnWriteArrayList<>();
        final List<String> killed = new CopyOnWriteArrayList<>();
        final List<String> metaEvents = new CopyOnWriteArrayList<>();

        @Override
        public void sessionJoinedElsewhere(String realm, Map<String, Object> details) {
            metaEvents.add("on_join " + realm + " " + details.get("session"));
        }

        @Override
        public void sessionLeftElsewhere(String realm, long session, String authid, String authrole) {
            metaEvents.add("on_leave " + realm + " " + session + " " + authid + " " + authrole);
        }

        @Override
        public int deliver(RemotePublication publication) {
            delivered.add(publication);
            return 0;
        }

        @Override
        public CompletionStage<CallResult> invoke(RemoteCall call, long timeoutMillis) {
            return new CompletableFuture<>();
        }

        @Override
        public RemoteCallHandle serve(RemoteCall call, int callee, RemoteAnswer answer) {
            return RemoteCallHandle.NONE; // no calls in these tests
        }

        @Override
        public void keepRetained(RemotePublication publication) {
            kept.add(publication);
        }

        @Override
        public boolean kill(String realm, long session, String reason, String message) {
            killed.add(realm + " " + session + " " + reason + " " + message);
            return true;
        }
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.stop();
        }
        if (a != null) {
            a.stop();
        }
    }



    private static RemotePublication publication(String topic, long id, Map<String, Object> options) {
        return new RemotePublication("realm1", topic, id, 1L << 43, "json", options, Map.of(), Payload.of(id));
    }

    @Test
    void retainedEventsSessionsAndKillsCrossNodes() throws Exception {
        List<ClusterSettings> settings = TestMembers.cluster("state", 2);
        a = new ClusterNode(settings.get(0), "digest");
        assertThat(a.start(getClass().getClassLoader())).isTrue();
        Recorder atA = new Recorder();
        a.attach(atA);

        // Published while A is alone: kept in the cluster's map for whoever joins.
        a.publishedToAll(publication("com.x.retained", 1, Map.of("retain", true)));
        a.sessionJoined("realm1", 42, Map.of("session", 42L, "authid", "alice", "authrole", "user"));

        b = new ClusterNode(settings.get(1), "digest");
        assertThat(b.start(getClass().getClassLoader())).isTrue();
        Recorder atB = new Recorder();
        TestMembers.await("A's retained event is in the map B sees", () -> {
            Recorder probe = new Recorder();
            b.attach(probe);
            return !probe.kept.isEmpty();
        });
        b.attach(atB);
        assertThat(atB.kept).singleElement().satisfies(p -> {
            assertThat(p.topic()).isEqualTo("com.x.retained");
            assertThat(p.payload().args()).containsExactly(1L);
        });

        // B has no subscriber: a plain publication stays at A, a retained one (or a history topic's) crosses.
        a.published(publication("com.x.plain", 2, Map.of()));
        a.publishedToAll(publication("com.x.history", 3, Map.of()));
        TestMembers.await("the publication every node keeps reaches B", () -> !atB.delivered.isEmpty());
        assertThat(atB.delivered).extracting(RemotePublication::publication).containsExactly(3L);

        // B's meta API sees A's session, with its details; a kill reaches A's router.
        TestMembers.await("B knows A's session", () -> !b.remoteSessions("realm1").isEmpty());
        assertThat(b.remoteSessions("realm1")).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("authid", "alice").containsEntry("session", 42L));
        assertThat(b.remoteSessions("realm2")).isEmpty();
        assertThat(b.killRemote("realm1", 43, "wamp.close.killed", null)).as("unknown session").isFalse();
        assertThat(b.killRemote("realm1", 42, "wamp.close.killed", "bye")).isTrue();
        TestMembers.await("A's router is asked to kill", () -> !atA.killed.isEmpty());
        assertThat(atA.killed).containsExactly("realm1 42 wamp.close.killed bye");

        // A session that leaves disappears; so do all of a node's sessions when the node leaves.
        a.sessionLeft("realm1", 42);
        TestMembers.await("B forgets the session that left", () -> b.remoteSessions("realm1").isEmpty());
        a.sessionJoined("realm1", 44, Map.of("session", 44L, "authid", "bob", "authrole", "user"));
        TestMembers.await("B learns the new session", () -> !b.remoteSessions("realm1").isEmpty());
        assertThat(a.remoteSessions("realm1")).as("a node's own sessions are not remote").isEmpty();
        a.stop();
        a = null;
        TestMembers.await("B forgets the sessions of the node that left", () -> b.remoteSessions("realm1").isEmpty());
        assertThat(b.killRemote("realm1", 44, "wamp.close.killed", null)).isFalse();
        // Meta events on B: none for the session that was there before B joined, then each change once.
        assertThat(atB.metaEvents).containsExactly("on_leave realm1 42 alice user", "on_join realm1 44",
                "on_leave realm1 44 bob user");
        assertThat(atA.metaEvents).isEmpty();
    }

    @Test
    void aCookieHandedOutOnOneNodeIsKnownAndAuthenticatesOnTheOther() throws Exception {
        List<ClusterSettings> settings = TestMembers.cluster("cookies", 2);
        a = new ClusterNode(settings.get(0), "digest");
        b = new ClusterNode(settings.get(1), "digest");
        assertThat(a.start(getClass().getClassLoader())).isTrue();
        assertThat(b.start(getClass().getClassLoader())).isTrue();
        var atA = new HazelcastCookieStores(a.hazelcast()).store("ws", 3600);
        var atB = new HazelcastCookieStores(b.hazelcast()).store("ws", 3600);
        var otherTransport = new HazelcastCookieStores(b.hazelcast()).store("other", 3600);
        var alice = new dev.junction.spi.transport.CookieAuth("alice", "user", "ticket", "static", "realm1",
                Map.of("level", 3L));

        assertThat(atB.exists("c1")).isFalse();
        atA.create("c1");
        assertThat(atB.exists("c1")).isTrue();
        assertThat(atB.auth("c1")).isEmpty();
        atA.setAuth("c1", alice);
        assertThat(atB.auth("c1")).contains(alice);
        assertThat(otherTransport.exists("c1")).as("another transport's cookies are its own").isFalse();
        atB.deleteAuth("c1"); // logout on B
        assertThat(atA.auth("c1")).isEmpty();
        assertThat(atA.exists("c1")).isTrue();
        atB.setAuth("unknown", alice);
        assertThat(atA.exists("unknown")).as("remembering on an unknown id creates nothing").isFalse();

        var shortLived = new HazelcastCookieStores(a.hazelcast()).store("short", 1);
        shortLived.create("c2");
        assertThat(shortLived.exists("c2")).isTrue();
        TestMembers.await("the cookie expires after max_age", () -> !shortLived.exists("c2"));
    }

    @Test
    void aConfigurationChangeAfterJoiningIsCheckedAgainstTheMembersAsAtJoin() throws Exception {
        List<ClusterSettings> settings = TestMembers.cluster("digest", 2);
        a = new ClusterNode(settings.get(0), "digest");
        ClusterSettings warnB = settings.get(1);
        b = new ClusterNode(new ClusterSettings(warnB.clusterName(), warnB.members(), warnB.iface(), warnB.port(), 1, 3,
                2, JoinCheck.Mode.WARN),
                "digest");
        assertThat(a.start(getClass().getClassLoader())).isTrue();
        assertThat(b.start(getClass().getClassLoader())).isTrue();

        assertThat(a.configurationChanged("digest")).as("no change").isTrue();
        // B (warn) changes first: it stays, and A sees B's new digest.
        assertThat(b.configurationChanged("changed")).isTrue();
        assertThat(b.configDigest()).isEqualTo("changed");
        TestMembers.await("A sees B's new digest", () -> a.members().stream()
                .anyMatch(m -> !m.local() && "changed".equals(m.configDigest())));
        // A (refuse) then changes to the same: it matches again and stays.
        assertThat(a.configurationChanged("changed")).isTrue();
        assertThat(a.state()).isEqualTo("joined");
        TestMembers.await("B sees A's new digest", () -> b.members().stream()
                .anyMatch(m -> !m.local() && "changed".equals(m.configDigest())));
        // A changes alone: it differs from B, so it leaves.
        assertThat(a.configurationChanged("alone")).isFalse();
        assertThat(a.state()).startsWith("left: configuration changed and differs from");
        a.leave();
        assertThat(a.state()).startsWith("left: ");
        assertThat(a.members()).isEmpty();
        TestMembers.await("B is alone", () -> b.members().size() == 1);
        a = null;
    }
}
