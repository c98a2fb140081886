package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.junction.api.MatchPolicy;
import dev.junction.api.UriCheck;
import dev.junction.api.WampUris;
import dev.junction.api.message.Call;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Event;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Yield;
import dev.junction.spi.call.CallFailedException;
import dev.junction.spi.call.CallResult;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Published;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Unsubscribe;
import dev.junction.api.message.Unsubscribed;
import dev.junction.spi.cluster.ClusterRouting;
import dev.junction.spi.cluster.LocalRouting;
import dev.junction.spi.cluster.RemoteAnswer;
import dev.junction.spi.cluster.RemoteCall;
import dev.junction.spi.cluster.RemotePublication;

/**
 * The router's side of the cluster seam: what it tells a {@link ClusterRouting} (subscriptions as they appear and
 * disappear, each publication once, session ids from the cluster) and how it delivers a publication from another
 * node ({@link LocalRouting#deliver}) to its own subscribers. Node A is the support's router; node B a second router
 * in the same JVM, fed by hand with what A's cluster routing was given.
 */
class ClusterSeamTest extends RouterTestSupport {
    /** What the router reports, as a cluster implementation receives it. */
    static final class Recorder implements ClusterRouting {
        final Set<String> interests = ConcurrentHashMap.newKeySet();
        final List<String> changes = new ArrayList<>();
        final List<RemotePublication> published = new ArrayList<>();
        volatile LocalRouting attached;
        long nextId = 1L << 43;

        @Override
        public void attach(LocalRouting router) {
            attached = router;
        }

        @Override
        public void detach(LocalRouting router) {
            attached = null;
        }

        @Override
        public synchronized long newSessionId() {
            return nextId++;
        }

        @Override
        public synchronized void subscriptionAdded(String realm, MatchPolicy match, String topic) {
            interests.add(realm + " " + match.wireName() + " " + topic);
            changes.add("+" + match.wireName() + " " + topic);
        }

        @Override
        public synchronized void subscriptionRemoved(String realm, MatchPolicy match, String topic) {
            interests.remove(realm + " " + match.wireName() + " " + topic);
            changes.add("-" + match.wireName() + " " + topic);
        }

        @Override
        public synchronized void published(RemotePublication publication) {
            published.add(publication);
        }

        final Map<String, String> conflicts = new ConcurrentHashMap<>();
        final List<RemoteCall> calls = new ArrayList<>();
        final List<RemoteAnswer> answers = new ArrayList<>();
        volatile boolean anotherNodeServes;

        @Override
        public synchronized void registrationAdded(String realm, MatchPolicy match, String procedure,
                String invoke) {
            changes.add("+reg " + match.wireName() + " " + procedure + " " + invoke);
        }

        @Override
        public synchronized void registrationRemoved(String realm, MatchPolicy match, String procedure) {
            changes.add("-reg " + match.wireName() + " " + procedure);
        }

        @Override
        public String registrationConflict(String realm, MatchPolicy match, String procedure, String invoke) {
            return conflicts.get(procedure);
        }

        @Override
        public synchronized boolean call(RemoteCall call, RemoteAnswer answer) {
            if (!anotherNodeServes) {
                return false;
            }
            calls.add(call);
            answers.add(answer);
            return true;
        }
    }

    private final Recorder clusterA = new Recorder();
    private final Recorder clusterB = new Recorder();
    private Router routerB;

    @BeforeEach
    void startNodeB() {
        routerB = new Router(new RouterSettings(300, 300));
        routerB.putRealm("realm~1", new RealmSettings("realm1", UriCheck.STRICT));
        clusterB.nextId = 2L << 43;
        routerB.cluster().attach(clusterB);
    }

    @AfterEach
    void stopNodeB() {
        routerB.shutdown();
    }

    private static long subscribe(TestClient c, String topic, String match) {
        c.deliver(new Subscribe(c.nextRequest(), match == null ? Map.of() : Map.of("match", match), topic));
        return c.expect(Subscribed.class).subscription();
    }

    private TestClient joinedB() {
        TestClient c = new TestClient(routerB, json);
        c.join("realm1");
        return c;
    }

    @Test
    void subscriptionsThatExistWhenTheClusterArrivesAreReportedAndThenEveryFirstAndLastSubscriber() {
        TestClient early = joined();
        long sub = subscribe(early, "com.x.before", null);
        router.cluster().attach(clusterA);
        assertThat(clusterA.attached).isNotNull();
        assertThat(clusterA.interests).containsExactly("realm1 exact com.x.before");

        TestClient second = joined();
        subscribe(second, "com.x.before", null); // not the first subscriber: nothing to report
        long pattern = subscribe(second, "com..t", "wildcard");
        assertThat(clusterA.changes).containsExactly("+exact com.x.before", "+wildcard com..t");

        early.deliver(new Unsubscribe(early.nextRequest(), sub));
        early.expect(Unsubscribed.class);
        assertThat(clusterA.interests).as("a subscriber is left").contains("realm1 exact com.x.before");
        second.close(1000, "bye");
        assertThat(clusterA.interests).as("the last subscriber left").isEmpty();
        assertThat(clusterA.changes).endsWith("-exact com.x.before", "-wildcard com..t");
        assertThat(pattern).isPositive();
    }

    @Test
    void sessionIdsComeFromTheClusterWhileItIsAttachedOnly() {
        router.cluster().attach(clusterA);
        TestClient c = new TestClient(router, json);
        assertThat(c.join("realm1").session()).isEqualTo(1L << 43);
        router.cluster().detach(clusterA);
        assertThat(clusterA.attached).isNull();
        TestClient d = new TestClient(router, json);
        long random = d.join("realm1").session();
        assertThat(random).isNotEqualTo((1L << 43) + 1).isBetween(1L, 1L << 53);
        // no cluster: the router reports nothing
        subscribe(d, "com.x.after", null);
        assertThat(clusterA.changes).isEmpty();
    }

    @Test
    void aPublicationIsHandedOverOnceAndReachesTheOtherNodesSubscribersAsALocalOneWould() {
        router.cluster().attach(clusterA);
        TestClient exactB = joinedB();
        TestClient patternB = joinedB();
        long exactSub = subscribe(exactB, "com.x.t", null);
        long patternSub = subscribe(patternB, "com..t", "wildcard");
        TestClient localSub = joined();
        subscribe(localSub, "com.x.t", null);
        TestClient pub = joined();

        pub.deliver(new Publish(pub.nextRequest(), Map.of("acknowledge", true, "disclose_me", true), "com.x.t",
                Payload.of("hello", 1L)));
        long publication = pub.expect(Published.class).publication();
        assertThat(localSub.expect(Event.class).publication()).isEqualTo(publication);
        assertThat(clusterA.published).as("one hand-over, whatever the subscriber count").hasSize(1);
        RemotePublication p = clusterA.published.get(0);
        assertThat(p.realm()).isEqualTo("realm1");
        assertThat(p.topic()).isEqualTo("com.x.t");
        assertThat(p.publication()).isEqualTo(publication);

        assertThat(routerB.cluster().deliver(p)).isEqualTo(2);
        Event e1 = exactB.expect(Event.class);
        assertThat(e1.subscription()).isEqualTo(exactSub);
        assertThat(e1.publication()).isEqualTo(publication);
        assertThat(e1.payload().args()).containsExactly("hello", 1L);
        assertThat(e1.details()).doesNotContainKey("topic");
        Event e2 = patternB.expect(Event.class);
        assertThat(e2.subscription()).isEqualTo(patternSub);
        assertThat(e2.details()).containsEntry("topic", "com.x.t");
    }

    @Test
    void blackAndWhitelistsApplyOnTheReceivingNode() {
        router.cluster().attach(clusterA);
        TestClient b1 = new TestClient(routerB, json);
        long b1Id = b1.join("realm1").session();
        TestClient b2 = joinedB();
        subscribe(b1, "com.x.t", null);
        subscribe(b2, "com.x.t", null);
        TestClient pub = joined();

        pub.deliver(new Publish(pub.nextRequest(), Map.of("exclude", List.of(b1Id)), "com.x.t", Payload.of("x")));
        assertThat(routerB.cluster().deliver(clusterA.published.get(0))).isEqualTo(1);
        b2.expect(Event.class);
        b1.expectNothing();

        pub.deliver(new Publish(pub.nextRequest(), Map.of("eligible", List.of(b1Id)), "com.x.t", Payload.of("y")));
        assertThat(routerB.cluster().deliver(clusterA.published.get(1))).isEqualTo(1);
        assertThat(b1.expect(Event.class).payload().args()).containsExactly("y");
        b2.expectNothing();
    }

    @Test
    void aPublicationForAnotherTopicOrRealmReachesNobody() {
        router.cluster().attach(clusterA);
        TestClient b = joinedB();
        subscribe(b, "com.x.t", null);
        TestClient pub = joined();
        pub.deliver(new Publish(pub.nextRequest(), Map.of(), "com.x.other", Payload.of("x")));
        assertThat(routerB.cluster().deliver(clusterA.published.get(0))).isZero();
        RemotePublication p = clusterA.published.get(0);
        RemotePublication elsewhere = new RemotePublication("realm2", "com.x.t", 1, p.publisher(),
                p.publisherSerializer(), p.options(), p.details(), p.payload());
        assertThat(routerB.cluster().deliver(elsewhere)).isZero();
        b.expectNothing();
        RemotePublication control = new RemotePublication("realm1", "com.x.t", 2, p.publisher(),
                p.publisherSerializer(), p.options(), p.details(), p.payload());
        assertThat(routerB.cluster().deliver(control)).isEqualTo(1);
        b.expect(Event.class);
    }

    @Test
    void registrationsAreReportedAndAnotherNodesSingleRegistrationIsRespected() {
        router.cluster().attach(clusterA);
        TestClient callee = joined();
        callee.deliver(new Register(callee.nextRequest(), Map.of("invoke", "roundrobin"), "com.x.add"));
        callee.expect(Registered.class);
        assertThat(clusterA.changes).containsExactly("+reg exact com.x.add roundrobin");

        clusterA.conflicts.put("com.x.taken", WampUris.ERROR_PROCEDURE_ALREADY_EXISTS);
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.x.taken"));
        assertThat(callee.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_PROCEDURE_ALREADY_EXISTS);
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.x.free"));
        callee.expect(Registered.class); // positive control
        callee.close(1000, "bye");
        assertThat(clusterA.changes).contains("-reg exact com.x.add", "-reg exact com.x.free");
    }

    @Test
    void aCallNoLocalCalleeServesGoesToTheClusterAndItsAnswerToTheCaller() {
        router.cluster().attach(clusterA);
        TestClient caller = joined();
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.x.remote", Payload.of(1L)));
        assertThat(caller.expect(ErrorMessage.class).error()).as("no node serves it")
                .isEqualTo(WampUris.ERROR_NO_SUCH_PROCEDURE);

        clusterA.anotherNodeServes = true;
        long request = caller.nextRequest();
        caller.deliver(new Call(request, Map.of("timeout", 3000L), "com.x.remote", Payload.of(1L, 2L)));
        assertThat(clusterA.calls).hasSize(1);
        RemoteCall forwarded = clusterA.calls.get(0);
        assertThat(forwarded.procedure()).isEqualTo("com.x.remote");
        assertThat(forwarded.timeoutMillis()).isEqualTo(3000L);
        assertThat(forwarded.payload().args()).containsExactly(1L, 2L);
        clusterA.answers.get(0).result(Payload.of(3L));
        Result result = caller.expect(Result.class);
        assertThat(result.request()).isEqualTo(request);
        assertThat(result.payload().args()).containsExactly(3L);

        long failing = caller.nextRequest();
        caller.deliver(new Call(failing, Map.of(), "com.x.remote", Payload.EMPTY));
        clusterA.answers.get(1).error("com.example.oops", Payload.of("bad"));
        ErrorMessage error = caller.expect(ErrorMessage.class);
        assertThat(error.request()).isEqualTo(failing);
        assertThat(error.error()).isEqualTo("com.example.oops");
        assertThat(error.payload().args()).containsExactly("bad");

        TestClient localCallee = joined();
        localCallee.deliver(new Register(localCallee.nextRequest(), Map.of(), "com.x.local"));
        localCallee.expect(Registered.class);
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.x.local", Payload.EMPTY));
        localCallee.expect(Invocation.class);
        assertThat(clusterA.calls).as("a local callee is served locally").hasSize(2);
    }

    @Test
    void aCallFromAnotherNodeRunsThroughTheLocalDealerAndIsNeverForwardedAgain() throws Exception {
        InternalCalls internal = new InternalCalls(routerB);
        routerB.internalCaller(internal);
        try {
            TestClient callee = joinedB();
            callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.x.add"));
            callee.expect(Registered.class);
            java.util.concurrent.CompletableFuture<CallResult> stage = routerB.cluster()
                    .invoke(new RemoteCall("realm1", "com.x.add", 1L << 43, 0, Payload.of(1L, 2L)), 5000)
                    .toCompletableFuture();
            Invocation inv = callee.expect(Invocation.class);
            assertThat(inv.payload().args()).containsExactly(1L, 2L);
            callee.deliver(new Yield(inv.request(), Map.of(), Payload.of(3L)));
            assertThat(stage.get(5, java.util.concurrent.TimeUnit.SECONDS).first()).isEqualTo(3L);

            clusterB.anotherNodeServes = true; // even though the cluster would take it, a forwarded call stays here
            java.util.concurrent.CompletableFuture<CallResult> gone = routerB.cluster()
                    .invoke(new RemoteCall("realm1", "com.x.gone", 1L << 43, 0, Payload.EMPTY), 5000)
                    .toCompletableFuture();
            assertThat(gone).isCompletedExceptionally();
            assertThat(gone.handle((r, e) -> ((CallFailedException) e).error()).get())
                    .isEqualTo(WampUris.ERROR_NO_SUCH_PROCEDURE);
            assertThat(clusterB.calls).isEmpty();
        } finally {
            internal.shutdown();
        }
    }
}
