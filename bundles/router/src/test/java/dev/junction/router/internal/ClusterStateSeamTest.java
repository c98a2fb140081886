package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.junction.api.UriCheck;
import dev.junction.api.WampUris;
import dev.junction.api.message.Call;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Event;
import dev.junction.api.message.Goodbye;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.spi.cluster.RemotePublication;

/**
 * The router's side of one realm's state across nodes: retained events and history topics are handed to every node
 * and kept there as the publisher's node keeps them, a retained event from before a node joined is kept without
 * being delivered, and the session meta API answers for (and kills) the sessions the cluster reports on other nodes.
 * Node B is a second router in this JVM fed by hand with what node A's router handed over.
 */
@SuppressWarnings("unchecked")
class ClusterStateSeamTest extends RouterTestSupport {
    /** A cluster as the router sees it, with what it was told and the other nodes' sessions it knows. */
    static final class Recorder extends SilentCluster {
        final List<RemotePublication> toAll = new ArrayList<>();
        final List<RemotePublication> toInterested = new ArrayList<>();
        final Map<Long, Map<String, Object>> reportedSessions = new ConcurrentHashMap<>();
        final Map<Long, Map<String, Object>> elsewhere = new ConcurrentHashMap<>();
        final List<String> kills = new ArrayList<>();
        long nextId = 1L << 43;

        @Override
        public synchronized long newSessionId() {
            return nextId++;
        }

        @Override
        public synchronized void published(RemotePublication publication) {
            toInterested.add(publication);
        }

        @Override
        public synchronized void publishedToAll(RemotePublication publication) {
            toAll.add(publication);
        }

        @Override
        public void sessionJoined(String realm, long session, Map<String, Object> details) {
            reportedSessions.put(session, details);
        }

        @Override
        public void sessionLeft(String realm, long session) {
            reportedSessions.remove(session);
        }

        @Override
        public Collection<Map<String, Object>> remoteSessions(String realm) {
            return elsewhere.values();
        }

        @Override
        public synchronized boolean killRemote(String realm, long session, String reason, String message) {
            if (!elsewhere.containsKey(session)) {
                return false;
            }
            kills.add(session + " " + reason + " " + message);
            return true;
        }
    }

    private final Recorder clusterA = new Recorder();
    private final Recorder clusterB = new Recorder();
    private Router routerB;

    @BeforeEach
    void startNodes() {
        router.putRealm("realm~1", new RealmSettings("realm1", UriCheck.STRICT, true, Map.of("com.x.history", 5)));
        router.cluster().attach(clusterA);
        routerB = new Router(new RouterSettings(300, 300));
        routerB.putRealm("realm~1", new RealmSettings("realm1", UriCheck.STRICT, true, Map.of("com.x.history", 5)));
        clusterB.nextId = 2L << 43;
        routerB.cluster().attach(clusterB);
    }

    @AfterEach
    void stopNodeB() {
        routerB.shutdown();
    }

    private TestClient joinedB() {
        TestClient c = new TestClient(routerB, json);
        c.join("realm1");
        return c;
    }

    private static long subscribe(TestClient c, String topic, Map<String, Object> options) {
        c.deliver(new Subscribe(c.nextRequest(), options, topic));
        return c.expect(Subscribed.class).subscription();
    }

    private static Object call(TestClient c, String procedure, Payload payload) {
        c.deliver(new Call(c.nextRequest(), Map.of(), procedure, payload));
        Result r = c.expect(Result.class);
        return r.payload().args().isEmpty() ? null : r.payload().args().get(0);
    }

    @Test
    void retainedAndHistoryPublicationsGoToEveryNodeAndAreKeptThere() {
        TestClient pub = joined();
        pub.deliver(new Publish(pub.nextRequest(), Map.of("retain", true), "com.x.retained", Payload.of("r1")));
        pub.deliver(new Publish(pub.nextRequest(), Map.of(), "com.x.history", Payload.of("h1")));
        pub.deliver(new Publish(pub.nextRequest(), Map.of(), "com.x.plain", Payload.of("p1")));
        assertThat(clusterA.toAll).extracting(RemotePublication::topic)
                .containsExactly("com.x.retained", "com.x.history");
        assertThat(clusterA.toInterested).extracting(RemotePublication::topic).containsExactly("com.x.plain");

        // Node B has no subscriber: nothing is delivered, but it keeps both.
        assertThat(routerB.cluster().deliver(clusterA.toAll.get(0))).isZero();
        assertThat(routerB.cluster().deliver(clusterA.toAll.get(1))).isZero();
        TestClient late = joinedB();
        long sub = subscribe(late, "com.x.retained", Map.of("get_retained", true));
        Event retained = late.expect(Event.class);
        assertThat(retained.subscription()).isEqualTo(sub);
        assertThat(retained.payload().args()).containsExactly("r1");
        assertThat(retained.details()).containsEntry("retained", true);
        long historySub = subscribe(late, "com.x.history", Map.of());
        Object events = call(late, "wamp.subscription.get_events", Payload.of(historySub));
        assertThat(events).asList().singleElement().satisfies(e -> assertThat((Map<String, Object>) e)
                .containsEntry("publication", clusterA.toAll.get(1).publication()));

        // A retained event from before B joined is kept without delivery, unless B knows a newer one.
        TestClient watcher = joinedB();
        subscribe(watcher, "com.x.old", Map.of());
        RemotePublication old = new RemotePublication("realm1", "com.x.old", 7, 1L << 43, "json",
                Map.of("retain", true), Map.of(), Payload.of("old"));
        routerB.cluster().keepRetained(old);
        watcher.expectNothing();
        subscribe(late, "com.x.old", Map.of("get_retained", true));
        assertThat(late.expect(Event.class).payload().args()).containsExactly("old");
        RemotePublication older = new RemotePublication("realm1", "com.x.retained", 8, 1L << 43, "json",
                Map.of("retain", true), Map.of(), Payload.of("older"));
        routerB.cluster().keepRetained(older);
        TestClient third = joinedB();
        subscribe(third, "com.x.retained", Map.of("get_retained", true));
        assertThat(third.expect(Event.class).payload().args()).containsExactly("r1");
    }

    @Test
    void theSessionMetaApiCountsListsGetsAndKillsOtherNodesSessions() {
        TestClient local = new TestClient(router, json);
        long localId = local.join("realm1").session();
        assertThat(clusterA.reportedSessions).containsKey(localId);
        assertThat(clusterA.reportedSessions.get(localId)).containsEntry("authrole", "anonymous");
        TestClient victim = new TestClient(router, json);
        long victimId = victim.join("realm1").session();

        long remoteId = 2L << 43;
        clusterA.elsewhere.put(remoteId, Map.of("session", remoteId, "authid", "bob", "authrole", "remote"));
        assertThat(call(local, "wamp.session.count", Payload.EMPTY)).isEqualTo(3);
        assertThat(call(local, "wamp.session.count", Payload.of(List.of("remote")))).isEqualTo(1);
        assertThat(call(local, "wamp.session.list", Payload.EMPTY)).asList().contains(localId, remoteId);
        assertThat((Map<String, Object>) call(local, "wamp.session.get", Payload.of(remoteId))).containsEntry("authid", "bob");

        local.deliver(new Call(local.nextRequest(), Map.of(), "wamp.session.get", Payload.of(12345L)));
        assertThat(local.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_NO_SUCH_SESSION);

        assertThat(call(local, "wamp.session.kill_by_authrole", Payload.of("remote"))).isEqualTo(1);
        assertThat(clusterA.kills).containsExactly(remoteId + " " + WampUris.CLOSE_NORMAL + " null");
        local.deliver(new Call(local.nextRequest(), Map.of("reason", "wamp.close.killed"), "wamp.session.kill",
                Payload.of(remoteId)));
        local.expect(Result.class);
        assertThat(clusterA.kills).hasSize(2);
        // A kill requested by another node reaches the local session.
        assertThat(router.cluster().kill("realm1", victimId, "com.example.bye", "from B")).isTrue();
        assertThat(victim.expect(Goodbye.class).reason()).isEqualTo("com.example.bye");
        assertThat(router.cluster().kill("realm1", 999L, "com.example.bye", null)).isFalse();
        local.close(1000, "bye");
        assertThat(clusterA.reportedSessions).doesNotContainKey(localId);
    }

    @Test
    void otherNodesSessionsJoiningAndLeavingAreMetaEventsHere() {
        TestClient watcher = joined();
        long joins = subscribe(watcher, "wamp.session.on_join", Map.of());
        long leaves = subscribe(watcher, "wamp.session.on_leave", Map.of());
        long remoteId = 2L << 43;
        router.cluster().sessionJoinedElsewhere("realm1", Map.of("session", remoteId, "authid", "bob",
                "authrole", "remote"));
        Event joined = watcher.expect(Event.class);
        assertThat(joined.subscription()).isEqualTo(joins);
        assertThat((Map<String, Object>) joined.payload().args().get(0)).containsEntry("authid", "bob");
        router.cluster().sessionLeftElsewhere("realm1", remoteId, "bob", "remote");
        Event left = watcher.expect(Event.class);
        assertThat(left.subscription()).isEqualTo(leaves);
        assertThat(left.payload().args()).containsExactly(remoteId, "bob", "remote");
        router.cluster().sessionJoinedElsewhere("realm2", Map.of("session", remoteId));
        watcher.expectNothing();
    }
}
