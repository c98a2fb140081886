package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.junction.api.MatchPolicy;
import dev.junction.api.UriCheck;
import dev.junction.api.WampUris;
import dev.junction.api.message.Call;
import dev.junction.api.message.Cancel;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Interrupt;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Unregister;
import dev.junction.api.message.Unregistered;
import dev.junction.api.message.Yield;
import dev.junction.spi.cluster.CallPlacement;
import dev.junction.spi.cluster.LocalCallees;
import dev.junction.spi.cluster.LocalRouting;
import dev.junction.spi.cluster.RemoteAnswer;
import dev.junction.spi.cluster.RemoteCall;
import dev.junction.spi.cluster.RemoteCallHandle;

/**
 * Calls across nodes, at the router's side of the seam: the cluster's placement over every node's callees (a local
 * callee is not always preferred), the caller's options and identity crossing, progressive results and CANCEL
 * following the call, the claim that defers REGISTERED, and a call from another node run as its real caller
 * (disclosure, timeout, progressive results, cancel modes) on node B.
 */
class ClusterCallsTest extends RouterTestSupport {
    /** A cluster whose placement and claims the test decides. */
    static final class Scripted extends SilentCluster {
        volatile CallPlacement placement;
        final List<LocalCallees> placedWith = new CopyOnWriteArrayList<>();
        final List<LocalCallees> shares = new CopyOnWriteArrayList<>();
        final List<RemoteCall> forwarded = new CopyOnWriteArrayList<>();
        final List<RemoteAnswer> answers = new CopyOnWriteArrayList<>();
        final BlockingQueue<String> cancels = new LinkedBlockingQueue<>();
        final BlockingQueue<String> chunks = new LinkedBlockingQueue<>();
        final BlockingQueue<Consumer<String>> claims = new LinkedBlockingQueue<>();
        final List<String> releases = new CopyOnWriteArrayList<>();
        volatile boolean claimsWait;

        @Override
        public void calleesChanged(String realm, LocalCallees callees) {
            shares.add(callees);
        }

        @Override
        public CallPlacement place(String realm, String procedure, LocalCallees local) {
            placedWith.add(local);
            return placement;
        }

        @Override
        public RemoteCallHandle forward(RemoteCall call, CallPlacement where, RemoteAnswer answer) {
            forwarded.add(call);
            answers.add(answer);
            return new RemoteCallHandle() {
                @Override
                public void cancel(String mode) {
                    cancels.add(mode);
                }

                @Override
                public void chunk(Payload payload, boolean more) {
                    chunks.add(payload.args() + (more ? " more" : " last"));
                }
            };
        }

        @Override
        public void claimRegistration(String realm, MatchPolicy match, String procedure, String invoke,
                Consumer<String> decided) {
            if (claimsWait) {
                claims.add(decided);
            } else {
                decided.accept(null);
            }
        }

        @Override
        public void releaseRegistration(String realm, MatchPolicy match, String procedure) {
            releases.add(procedure);
        }
    }

    private final Scripted cluster = new Scripted();
    private Router routerB;
    private InternalCalls internalB;

    @BeforeEach
    void startNodeB() {
        router.cluster().attach(cluster);
        routerB = new Router(new RouterSettings(300, 300));
        routerB.putRealm("realm~1", new RealmSettings("realm1", UriCheck.STRICT));
        internalB = new InternalCalls(routerB);
        routerB.internalCaller(internalB);
    }

    @AfterEach
    void stopNodeB() {
        routerB.shutdown();
        internalB.shutdown();
    }

    private static long register(TestClient c, String procedure, Map<String, Object> options) {
        c.deliver(new Register(c.nextRequest(), options, procedure));
        return c.expect(Registered.class).registration();
    }

    @Test
    void theClusterPlacesACallOnAnotherNodeEvenWithALocalCalleeAndTheCallersOptionsCross() {
        TestClient localCallee = joined(Map.of("progressive_call_results", true));
        register(localCallee, "com.x.rr", Map.of("invoke", "roundrobin"));
        assertThat(cluster.shares).last().satisfies(s -> {
            assertThat(s.count()).isEqualTo(1);
            assertThat(s.invoke()).isEqualTo("roundrobin");
            assertThat(s.firstRegistered()).isPositive();
        });
        TestClient caller = new TestClient(router, json);
        long callerId = caller.join("realm1").session();

        cluster.placement = new CallPlacement("node-b", 0);
        long request = caller.nextRequest();
        caller.deliver(new Call(request, Map.of("receive_progress", true, "disclose_me", true, "timeout", 4000L),
                "com.x.rr", Payload.of(1L)));
        assertThat(cluster.placedWith).last().satisfies(l -> assertThat(l.count()).isEqualTo(1));
        assertThat(cluster.forwarded).hasSize(1);
        RemoteCall call = cluster.forwarded.get(0);
        assertThat(call.receiveProgress()).isTrue();
        assertThat(call.discloseMe()).isTrue();
        assertThat(call.timeoutMillis()).isEqualTo(4000L);
        assertThat(call.disclosure()).isEqualTo(RemoteCall.DISCLOSE_ON_REQUEST);
        assertThat(call.callerDetails()).containsEntry("caller", callerId).containsEntry("caller_authrole",
                "anonymous");
        localCallee.expectNothing();

        RemoteAnswer answer = cluster.answers.get(0);
        answer.progress(Payload.of("p1"));
        answer.progress(Payload.of("p2"));
        answer.result(Payload.of("done"));
        answer.progress(Payload.of("late")); // after the end: dropped
        Result p1 = caller.expect(Result.class);
        assertThat(p1.details()).containsEntry("progress", true);
        assertThat(p1.payload().args()).containsExactly("p1");
        assertThat(caller.expect(Result.class).payload().args()).containsExactly("p2");
        Result last = caller.expect(Result.class);
        assertThat(last.request()).isEqualTo(request);
        assertThat(last.details()).doesNotContainKey("progress");
        assertThat(last.payload().args()).containsExactly("done");
        caller.expectNothing();

        // The placement says here, callee 0: the local callee serves it (positive control).
        cluster.placement = new CallPlacement(null, 0);
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.x.rr", Payload.EMPTY));
        localCallee.expect(Invocation.class);
        assertThat(cluster.forwarded).hasSize(1);
    }

    @Test
    void theCalleeIndexOfThePlacementPicksTheLocalCallee() {
        TestClient first = joined();
        TestClient second = joined();
        register(first, "com.x.rr", Map.of("invoke", "roundrobin"));
        register(second, "com.x.rr", Map.of("invoke", "roundrobin"));
        assertThat(cluster.shares).last().satisfies(s -> assertThat(s.count()).isEqualTo(2));
        TestClient caller = joined();
        cluster.placement = new CallPlacement(null, 1);
        for (int i = 0; i < 3; i++) {
            caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.x.rr", Payload.EMPTY));
            second.expect(Invocation.class);
        }
        first.expectNothing();
        cluster.placement = new CallPlacement(null, 0);
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.x.rr", Payload.EMPTY));
        first.expect(Invocation.class);
    }

    @Test
    void aCancelFollowsTheCallToItsNodeAndACallerThatLeavesEndsIt() throws Exception {
        TestClient caller = joined();
        cluster.placement = CallPlacement.ELSEWHERE;
        long request = caller.nextRequest();
        caller.deliver(new Call(request, Map.of(), "com.x.remote", Payload.EMPTY));
        caller.deliver(new Cancel(request, Map.of("mode", "kill")));
        assertThat(cluster.cancels.poll(5, TimeUnit.SECONDS)).isEqualTo("kill");
        caller.expectNothing(); // kill: the callee's node answers
        cluster.answers.get(0).error(WampUris.ERROR_CANCELED, Payload.of("canceled there"));
        ErrorMessage canceled = caller.expect(ErrorMessage.class);
        assertThat(canceled.request()).isEqualTo(request);
        assertThat(canceled.error()).isEqualTo(WampUris.ERROR_CANCELED);
        caller.deliver(new Cancel(request, Map.of("mode", "skip")));
        assertThat(cluster.cancels).as("nothing to cancel once answered").isEmpty();

        long second = caller.nextRequest();
        caller.deliver(new Call(second, Map.of(), "com.x.remote", Payload.EMPTY));
        caller.close(1000, "bye");
        assertThat(cluster.cancels.poll(5, TimeUnit.SECONDS)).as("the caller left").isEqualTo("killnowait");
        cluster.answers.get(1).result(Payload.of("too late")); // dropped: no exception, nothing sent
    }

    @Test
    void registeredWaitsForTheClusterClaimAndARefusedOneIsAnError() throws Exception {
        cluster.claimsWait = true;
        TestClient callee = joined();
        long request = callee.nextRequest();
        callee.deliver(new Register(request, Map.of(), "com.x.single"));
        Consumer<String> decide = cluster.claims.poll(5, TimeUnit.SECONDS);
        callee.expectNothing();
        decide.accept(null);
        Registered registered = callee.expect(Registered.class);
        assertThat(registered.request()).isEqualTo(request);

        TestClient other = joined();
        other.deliver(new Register(other.nextRequest(), Map.of(), "com.x.taken"));
        cluster.claims.poll(5, TimeUnit.SECONDS).accept(WampUris.ERROR_PROCEDURE_ALREADY_EXISTS);
        assertThat(other.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_PROCEDURE_ALREADY_EXISTS);
        assertThat(cluster.releases).as("a refused claim is not given back").isEmpty();

        // Granted, but the local dealer refuses it (same single procedure here): the claim is given back.
        other.deliver(new Register(other.nextRequest(), Map.of(), "com.x.single"));
        cluster.claims.poll(5, TimeUnit.SECONDS).accept(null);
        assertThat(other.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_PROCEDURE_ALREADY_EXISTS);
        assertThat(cluster.releases).containsExactly("com.x.single");

        // A session that leaves before the answer registers nothing and gives its claim back.
        TestClient leaving = joined();
        leaving.deliver(new Register(leaving.nextRequest(), Map.of(), "com.x.gone"));
        Consumer<String> late = cluster.claims.poll(5, TimeUnit.SECONDS);
        leaving.close(1000, "bye");
        late.accept(null);
        assertThat(cluster.releases).containsExactly("com.x.single", "com.x.gone");
        assertThat(router.realm("realm1").dealer().servesLocally("com.x.gone")).isFalse();

        // Unregistering gives back the callee's claim.
        callee.deliver(new Unregister(callee.nextRequest(), registered.registration()));
        callee.expect(Unregistered.class);
        assertThat(cluster.releases).endsWith("com.x.single");
        assertThat(cluster.shares).last().satisfies(s -> assertThat(s.count()).isZero());
    }

    /** A call from a caller on node A, served on B through {@link LocalRouting#serve}. */
    private static final class Collected implements RemoteAnswer {
        final BlockingQueue<String> got = new LinkedBlockingQueue<>();

        @Override
        public void progress(Payload payload) {
            got.add("progress " + payload.args());
        }

        @Override
        public void result(Payload payload) {
            got.add("result " + payload.args());
        }

        @Override
        public void error(String uri, Payload payload) {
            got.add("error " + uri);
        }

        String next() throws InterruptedException {
            String s = got.poll(5, TimeUnit.SECONDS);
            assertThat(s).as("an answer").isNotNull();
            return s;
        }
    }

    private TestClient joinedB(Map<String, Object> calleeFeatures) {
        TestClient c = new TestClient(routerB, json);
        c.join("realm1", calleeFeatures);
        return c;
    }

    private static RemoteCall fromA(String procedure, long timeout, boolean progress, boolean discloseMe,
            String disclosure) {
        return new RemoteCall("realm1", procedure, 4711L, timeout, Payload.of(1L), progress, discloseMe, disclosure,
                Map.of("caller", 4711L, "caller_authid", "alice", "caller_authrole", "user"));
    }

    @Test
    void aCallFromAnotherNodeIsRunAsItsCallerWithProgressiveResults() throws Exception {
        Map<String, Object> features = Map.of("progressive_call_results", true, "call_canceling", true);
        TestClient first = joinedB(features);
        TestClient second = joinedB(features);
        register(first, "com.x.rr", Map.of("invoke", "roundrobin"));
        register(second, "com.x.rr", Map.of("invoke", "roundrobin"));

        Collected answer = new Collected();
        routerB.cluster().serve(fromA("com.x.rr", 0, true, true, RemoteCall.DISCLOSE_ON_REQUEST), 1, answer);
        Invocation inv = second.expect(Invocation.class);
        first.expectNothing();
        assertThat(inv.details()).containsEntry("caller", 4711L).containsEntry("caller_authid", "alice")
                .containsEntry("caller_authrole", "user").containsEntry("receive_progress", true);
        second.deliver(new Yield(inv.request(), Map.of("progress", true), Payload.of("a")));
        second.deliver(new Yield(inv.request(), Map.of("progress", true), Payload.of("b")));
        second.deliver(new Yield(inv.request(), Map.of(), Payload.of("c")));
        assertThat(answer.next()).isEqualTo("progress [a]");
        assertThat(answer.next()).isEqualTo("progress [b]");
        assertThat(answer.next()).isEqualTo("result [c]");

        // Not disclosed when nobody asks (the caller's role leaves it to the request), nor under "never".
        Collected quiet = new Collected();
        routerB.cluster().serve(fromA("com.x.rr", 0, false, false, RemoteCall.DISCLOSE_ON_REQUEST), 0, quiet);
        Invocation plain = first.expect(Invocation.class);
        assertThat(plain.details()).doesNotContainKeys("caller", "caller_authid", "receive_progress");
        first.deliver(new Yield(plain.request(), Map.of(), Payload.EMPTY));
        assertThat(quiet.next()).isEqualTo("result []");
        routerB.cluster().serve(fromA("com.x.rr", 0, false, false, RemoteCall.DISCLOSE_ALWAYS), 0, quiet);
        assertThat(first.expect(Invocation.class).details()).containsEntry("caller", 4711L);
    }

    @Test
    void aCallFromAnotherNodeTimesOutAndIsCanceledThereAsLocally() throws Exception {
        TestClient callee = joinedB(Map.of("call_canceling", true));
        register(callee, "com.x.slow", Map.of());

        Collected timedOut = new Collected();
        routerB.cluster().serve(fromA("com.x.slow", 200, false, false, RemoteCall.DISCLOSE_ON_REQUEST), -1,
                timedOut);
        Invocation first = callee.expect(Invocation.class);
        assertThat(timedOut.next()).isEqualTo("error " + WampUris.ERROR_TIMEOUT);
        assertThat(callee.expect(Interrupt.class).request()).isEqualTo(first.request());

        Collected killed = new Collected();
        RemoteCallHandle handle = routerB.cluster()
                .serve(fromA("com.x.slow", 0, false, false, RemoteCall.DISCLOSE_ON_REQUEST), -1, killed);
        Invocation second = callee.expect(Invocation.class);
        handle.cancel("kill");
        Interrupt interrupt = callee.expect(Interrupt.class);
        assertThat(interrupt.options()).containsEntry("mode", "kill");
        assertThat(killed.got).as("kill waits for the callee").isEmpty();
        callee.deliver(new ErrorMessage(Invocation.TYPE, second.request(), Map.of(), WampUris.ERROR_CANCELED,
                Payload.EMPTY));
        assertThat(killed.next()).isEqualTo("error " + WampUris.ERROR_CANCELED);

        Collected skipped = new Collected();
        handle = routerB.cluster().serve(fromA("com.x.slow", 0, false, false, RemoteCall.DISCLOSE_ON_REQUEST), -1,
                skipped);
        callee.expect(Invocation.class);
        handle.cancel("skip");
        assertThat(skipped.next()).isEqualTo("error " + WampUris.ERROR_CANCELED);
        callee.expectNothing(); // skip: the callee is not told

        Collected none = new Collected();
        routerB.cluster().serve(fromA("com.x.none", 0, false, false, RemoteCall.DISCLOSE_ON_REQUEST), -1, none);
        assertThat(none.next()).isEqualTo("error " + WampUris.ERROR_NO_SUCH_PROCEDURE);
    }

    @Test
    void theChunksOfAProgressiveCallInvocationFollowItToItsNodeAndAreFedToTheCalleeThere() throws Exception {
        TestClient caller = new TestClient(router, json);
        caller.joinWithFeatures("realm1", Map.of("caller", Map.of("progressive_call_invocations", true)));
        cluster.placement = CallPlacement.ELSEWHERE;
        long request = caller.nextRequest();
        caller.deliver(new Call(request, Map.of("progress", true), "com.x.stream", Payload.of(1L)));
        caller.deliver(new Call(request, Map.of("progress", true), "com.x.stream", Payload.of(2L)));
        caller.deliver(new Call(request, Map.of(), "com.x.stream", Payload.of(3L)));
        assertThat(cluster.forwarded).hasSize(1);
        assertThat(cluster.forwarded.get(0).progress()).isTrue();
        assertThat(cluster.forwarded.get(0).payload().args()).containsExactly(1L);
        assertThat(cluster.chunks.poll(5, TimeUnit.SECONDS)).isEqualTo("[2] more");
        assertThat(cluster.chunks.poll(5, TimeUnit.SECONDS)).isEqualTo("[3] last");
        cluster.answers.get(0).result(Payload.of(6L));
        assertThat(caller.expect(Result.class).payload().args()).containsExactly(6L);
        // The next call is a new one (its own request id), not a chunk of the ended call.
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.x.stream", Payload.of(4L)));
        assertThat(cluster.forwarded).hasSize(2);
        assertThat(cluster.forwarded.get(1).progress()).isFalse();
        assertThat(cluster.chunks).isEmpty();

        // On B: the first chunk opens the call, the others reach the same INVOCATION.
        TestClient callee = joinedB(Map.of("progressive_call_invocations", true, "call_canceling", true));
        register(callee, "com.x.stream", Map.of());
        Collected answer = new Collected();
        RemoteCallHandle handle = routerB.cluster().serve(new RemoteCall("realm1", "com.x.stream", 4711L, 0,
                Payload.of(1L), false, false, RemoteCall.DISCLOSE_ON_REQUEST, Map.of(), true), -1, answer);
        Invocation first = callee.expect(Invocation.class);
        assertThat(first.details()).containsEntry("progress", true);
        handle.chunk(Payload.of(2L), true);
        Invocation second = callee.expect(Invocation.class);
        assertThat(second.request()).isEqualTo(first.request());
        assertThat(second.details()).containsEntry("progress", true);
        handle.chunk(Payload.of(3L), false);
        Invocation last = callee.expect(Invocation.class);
        assertThat(last.request()).isEqualTo(first.request());
        assertThat(last.details()).doesNotContainKey("progress");
        assertThat(last.payload().args()).containsExactly(3L);
        callee.deliver(new Yield(first.request(), Map.of(), Payload.of(6L)));
        assertThat(answer.next()).isEqualTo("result [6]");
    }

    private static final Map<String, Object> PASSTHRU = Map.of("payload_passthru_mode", true);

    @Test
    void aPassthruCallCrossesWithItsOptionsAndItsAnswersDetailsComeBack() {
        TestClient caller = new TestClient(router, json);
        caller.joinWithFeatures("realm1", Map.of("caller", PASSTHRU));
        cluster.placement = CallPlacement.ELSEWHERE;
        long request = caller.nextRequest();
        caller.deliver(new Call(request, Map.of("ppt_scheme", "x_test", "ppt_serializer", "custom"), "com.x.ppt",
                Payload.of((Object) new byte[] { 1, 2 })));
        RemoteCall call = cluster.forwarded.get(0);
        assertThat(call.passthru()).containsEntry("ppt_scheme", "x_test").containsEntry("ppt_serializer", "custom");
        assertThat(call.callerSerializer()).isEqualTo("json");
        cluster.answers.get(0).result(Payload.of((Object) new byte[] { 3 }), Map.of("ppt_scheme", "x_test"));
        Result result = caller.expect(Result.class);
        assertThat(result.details()).containsEntry("ppt_scheme", "x_test");

        // A passthru answer for a caller that did not announce the feature: ERROR, as locally.
        TestClient plain = joined();
        long second = plain.nextRequest();
        plain.deliver(new Call(second, Map.of(), "com.x.ppt", Payload.EMPTY));
        assertThat(cluster.forwarded.get(1).passthru()).isEmpty();
        cluster.answers.get(1).result(Payload.of((Object) new byte[] { 3 }), Map.of("ppt_scheme", "x_test"));
        ErrorMessage refused = plain.expect(ErrorMessage.class);
        assertThat(refused.request()).isEqualTo(second);
        assertThat(refused.error()).isEqualTo(Dealer.ERROR_FEATURE_NOT_SUPPORTED);
    }

    private static RemoteCall passthruFromA(String callerSerializer, Payload payload) {
        return new RemoteCall("realm1", "com.x.ppt", 4711L, 0, payload, false, false, RemoteCall.DISCLOSE_ON_REQUEST,
                Map.of(), false, callerSerializer, Map.of("ppt_scheme", "x_test"));
    }

    @Test
    void aPassthruCallFromAnotherNodeReachesACalleeOnTheSameSerializerOrWithASingleBinaryArgument()
            throws Exception {
        TestClient callee = new TestClient(routerB, json);
        callee.joinWithFeatures("realm1", Map.of("callee", PASSTHRU));
        register(callee, "com.x.ppt", Map.of());

        Collected same = new Collected();
        routerB.cluster().serve(passthruFromA("json", Payload.of("structured", 1L)), -1, same);
        Invocation inv = callee.expect(Invocation.class);
        assertThat(inv.details()).containsEntry("ppt_scheme", "x_test");
        assertThat(inv.payload().args()).containsExactly("structured", 1L);
        callee.deliver(new Yield(inv.request(), Map.of("ppt_scheme", "x_test"), Payload.of("answer")));
        assertThat(same.next()).isEqualTo("result [answer]");

        // Another serializer: only the spec's single binary argument crosses, both ways.
        Collected other = new Collected();
        routerB.cluster().serve(passthruFromA("msgpack", Payload.of("structured")), -1, other);
        assertThat(other.next()).isEqualTo("error " + Dealer.ERROR_FEATURE_NOT_SUPPORTED);
        callee.expectNothing();
        Collected binary = new Collected();
        routerB.cluster().serve(passthruFromA("msgpack", Payload.of((Object) new byte[] { 7 })), -1, binary);
        Invocation binaryInv = callee.expect(Invocation.class);
        callee.deliver(new Yield(binaryInv.request(), Map.of("ppt_scheme", "x_test"), Payload.of("not binary")));
        assertThat(binary.next()).as("a structured passthru answer cannot reach a msgpack caller")
                .isEqualTo("error " + Dealer.ERROR_FEATURE_NOT_SUPPORTED);
        routerB.cluster().serve(passthruFromA("msgpack", Payload.of((Object) new byte[] { 7 })), -1, binary);
        binaryInv = callee.expect(Invocation.class);
        callee.deliver(new Yield(binaryInv.request(), Map.of("ppt_scheme", "x_test"),
                Payload.of((Object) new byte[] { 8 })));
        assertThat(binary.next()).startsWith("result [");
    }
}
