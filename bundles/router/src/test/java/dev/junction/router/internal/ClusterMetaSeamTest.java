package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.junction.api.UriCheck;
import dev.junction.api.WampUris;
import dev.junction.api.message.Call;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Unsubscribe;
import dev.junction.api.message.Unsubscribed;

/**
 * The router's side of the subscription and registration meta API across nodes: node A's router reports its
 * subscriptions and registrations as they change ({@code metaChanged}), and node B's meta API answers for them from
 * what its cluster knows ({@code remoteMeta}), merged with its own, and removes their subscribers and callees through
 * A ({@code removeRemote}). Node B's cluster here carries what A's router
 * reported, read as the cluster's writer reads it.
 */
@SuppressWarnings("unchecked")
class ClusterMetaSeamTest extends RouterTestSupport {
    /** What a router reported, by kind and id: the summaries' suppliers, latest first. */
    static final class Reported extends SilentCluster {
        final Map<String, Supplier<Map<String, Object>>> latest = new ConcurrentHashMap<>();
        Reported other;
        Router otherRouter;

        /** Delivered at once to the other node's router, as the cluster's inbox would shortly after. */
        @Override
        public boolean removeRemote(String realm, String kind, long id, long session, String reason) {
            if (!other.latest.containsKey(realm + " " + kind + " " + id)) {
                return false;
            }
            otherRouter.cluster().remove(realm, kind, id, session, reason);
            return true;
        }

        @Override
        public void metaChanged(String realm, String kind, long id, Supplier<Map<String, Object>> summary) {
            latest.put(realm + " " + kind + " " + id, summary);
        }

        /** The other node's entries, as its cluster would have written them by now. */
        @Override
        public Collection<Map<String, Object>> remoteMeta(String realm, String kind) {
            List<Map<String, Object>> out = new ArrayList<>();
            other.latest.forEach((key, summary) -> {
                if (key.startsWith(realm + " " + kind + " ")) {
                    out.add(summary.get());
                }
            });
            out.removeIf(Objects::isNull);
            return out;
        }
    }

    private final Reported clusterA = new Reported();
    private final Reported clusterB = new Reported();
    private Router routerB;

    @BeforeEach
    void startNodes() {
        clusterA.other = clusterB;
        clusterB.other = clusterA;
        router.putRealm("realm~1", new RealmSettings("realm1", UriCheck.STRICT, true, Map.of()));
        router.cluster().attach(clusterA);
        routerB = new Router(new RouterSettings(300, 300));
        routerB.putRealm("realm~1", new RealmSettings("realm1", UriCheck.STRICT, true, Map.of()));
        routerB.cluster().attach(clusterB);
        clusterA.otherRouter = routerB;
        clusterB.otherRouter = router;
    }

    @AfterEach
    void stopNodeB() {
        routerB.shutdown();
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

    private static String error(TestClient c, String procedure, Payload payload) {
        c.deliver(new Call(c.nextRequest(), Map.of(), procedure, payload));
        return c.expect(ErrorMessage.class).error();
    }

    @Test
    void subscriptionMetaApiAnswersForTheOtherNodesSubscriptions() {
        TestClient atA = new TestClient(router, json);
        long aSession = atA.join("realm1").session();
        long onlyA = subscribe(atA, "com.x.only_a", Map.of());
        long bothAtA = subscribe(atA, "com.x.both", Map.of());
        long prefixAtA = subscribe(atA, "com.x.", Map.of("match", "prefix"));
        TestClient atB = new TestClient(routerB, json);
        atB.join("realm1");
        long bothAtB = subscribe(atB, "com.x.both", Map.of());
        assertThat(bothAtB).isNotEqualTo(bothAtA);

        // lookup: this node's id when it has one, else the other node's; a topic nobody subscribed: null.
        assertThat(call(atB, "wamp.subscription.lookup", Payload.of("com.x.both"))).isEqualTo(bothAtB);
        assertThat(call(atB, "wamp.subscription.lookup", Payload.of("com.x.only_a"))).isEqualTo(onlyA);
        assertThat(call(atB, "wamp.subscription.lookup", Payload.of("com.x.", Map.of("match", "prefix"))))
                .isEqualTo(prefixAtA);
        assertThat(call(atB, "wamp.subscription.lookup", Payload.of("com.x.nobody"))).isNull();

        Map<String, Object> get = (Map<String, Object>) call(atB, "wamp.subscription.get", Payload.of(onlyA));
        assertThat(get).containsEntry("id", onlyA).containsEntry("uri", "com.x.only_a").containsEntry("match", "exact")
                .containsKey("created").doesNotContainKey("sessions");
        assertThat(call(atB, "wamp.subscription.list_subscribers", Payload.of(onlyA))).asList()
                .containsExactly(aSession);
        assertThat(call(atB, "wamp.subscription.count_subscribers", Payload.of(onlyA))).isEqualTo(1);
        Map<String, Object> list = (Map<String, Object>) call(atB, "wamp.subscription.list", Payload.EMPTY);
        assertThat((List<Object>) list.get("exact")).containsExactlyInAnyOrder(onlyA, bothAtA, bothAtB);
        assertThat((List<Object>) list.get("prefix")).containsExactly(prefixAtA);
        assertThat(call(atB, "wamp.subscription.match", Payload.of("com.x.both"))).asList()
                .containsExactlyInAnyOrder(bothAtB, bothAtA, prefixAtA);
        // A's own meta API still answers for its own too, and for B's.
        assertThat(call(atA, "wamp.subscription.lookup", Payload.of("com.x.both"))).isEqualTo(bothAtA);
        assertThat(call(atA, "wamp.subscription.count_subscribers", Payload.of(bothAtB))).isEqualTo(1);

        // Deleted on A: gone from B's answers; an id no node has: no such subscription.
        atA.deliver(new Unsubscribe(atA.nextRequest(), prefixAtA));
        atA.expect(Unsubscribed.class);
        assertThat(call(atB, "wamp.subscription.lookup", Payload.of("com.x.", Map.of("match", "prefix")))).isNull();
        assertThat(error(atB, "wamp.subscription.get", Payload.of(prefixAtA)))
                .isEqualTo(WampUris.ERROR_NO_SUCH_SUBSCRIPTION);
        assertThat(call(atB, "wamp.subscription.get", Payload.of(bothAtA))).as("control").isNotNull();

        // remove_subscriber of A's subscription on B: refused for a session that is no subscriber of it, else A
        // removes its subscriber (and the subscription with its last one).
        assertThat(error(atB, "wamp.subscription.remove_subscriber", Payload.of(onlyA, 12345L)))
                .isEqualTo(WampUris.ERROR_NO_SUCH_SUBSCRIPTION);
        assertThat(call(atB, "wamp.subscription.lookup", Payload.of("com.x.only_a"))).as("control").isEqualTo(onlyA);
        assertThat(call(atB, "wamp.subscription.remove_subscriber", Payload.of(onlyA, aSession))).isNull();
        assertThat(call(atB, "wamp.subscription.lookup", Payload.of("com.x.only_a"))).isNull();
        assertThat(call(atB, "wamp.subscription.count_subscribers", Payload.of(bothAtA))).as("control").isEqualTo(1);
    }

    @Test
    void registrationMetaApiAnswersForTheOtherNodesRegistrations() {
        TestClient atA = new TestClient(router, json);
        long aSession = atA.join("realm1").session();
        atA.deliver(new Register(atA.nextRequest(), Map.of("invoke", "roundrobin"), "com.x.proc"));
        long proc = atA.expect(Registered.class).registration();
        atA.deliver(new Register(atA.nextRequest(), Map.of("match", "prefix"), "com.x."));
        long prefix = atA.expect(Registered.class).registration();
        TestClient atB = new TestClient(routerB, json);
        atB.join("realm1");
        atB.deliver(new Register(atB.nextRequest(), Map.of("match", "prefix"), "com.x.p"));
        long longerPrefixAtB = atB.expect(Registered.class).registration();

        assertThat(call(atB, "wamp.registration.lookup", Payload.of("com.x.proc"))).isEqualTo(proc);
        assertThat(call(atB, "wamp.registration.lookup", Payload.of("com.x.other"))).isNull();
        assertThat((Map<String, Object>) call(atB, "wamp.registration.get", Payload.of(proc)))
                .containsEntry("uri", "com.x.proc").containsEntry("invoke", "roundrobin")
                .doesNotContainKey("sessions");
        assertThat(call(atB, "wamp.registration.count_callees", Payload.of(proc))).isEqualTo(1);
        assertThat(call(atB, "wamp.registration.list_callees", Payload.of(proc))).asList().containsExactly(aSession);
        // match: the best over every node (exact, then the longest prefix), whichever node has it.
        assertThat(call(atB, "wamp.registration.match", Payload.of("com.x.proc"))).isEqualTo(proc);
        assertThat(call(atB, "wamp.registration.match", Payload.of("com.x.pq"))).isEqualTo(longerPrefixAtB);
        assertThat(call(atB, "wamp.registration.match", Payload.of("com.x.z"))).isEqualTo(prefix);
        assertThat(call(atB, "wamp.registration.match", Payload.of("org.z"))).isNull();
        Map<String, Object> list = (Map<String, Object>) call(atB, "wamp.registration.list", Payload.EMPTY);
        assertThat((List<Object>) list.get("prefix")).containsExactlyInAnyOrder(prefix, longerPrefixAtB);
        assertThat(error(atB, "wamp.registration.count_callees", Payload.of(12345L)))
                .isEqualTo(WampUris.ERROR_NO_SUCH_REGISTRATION);
        // remove_callee on B reaches A.
        assertThat(call(atB, "wamp.registration.remove_callee", Payload.of(proc, aSession))).isNull();
        assertThat(call(atB, "wamp.registration.lookup", Payload.of("com.x.proc"))).isNull();
        assertThat(call(atB, "wamp.registration.match", Payload.of("com.x.z"))).as("control").isEqualTo(prefix);

        // A's callee leaves: its registrations go from B's answers.
        atA.close(1000, "bye");
        assertThat(call(atB, "wamp.registration.match", Payload.of("com.x.z"))).isNull();
        assertThat(call(atB, "wamp.registration.match", Payload.of("com.x.pq"))).as("control")
                .isEqualTo(longerPrefixAtB);
    }
}
