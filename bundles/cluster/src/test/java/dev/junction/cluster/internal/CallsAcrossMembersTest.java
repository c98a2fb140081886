package dev.junction.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.junction.api.MatchPolicy;
import dev.junction.api.message.Payload;
import dev.junction.spi.call.CallResult;
import dev.junction.spi.cluster.CallPlacement;
import dev.junction.spi.cluster.LocalCallees;
import dev.junction.spi.cluster.LocalRouting;
import dev.junction.spi.cluster.RemoteAnswer;
import dev.junction.spi.cluster.RemoteCall;
import dev.junction.spi.cluster.RemoteCallHandle;
import dev.junction.spi.cluster.RemotePublication;

/**
 * Two real Hazelcast members in this JVM on loopback, for calls across nodes: the invocation policy over the callees
 * of both nodes, the registration claim that two nodes race for, and what crosses with a call (the caller's options
 * and identity, progressive results in order, CANCEL, the end of the call when the caller's node leaves).
 */
class CallsAcrossMembersTest {
    private ClusterNode a;
    private ClusterNode b;
    private final Served atA = new Served();
    private final Served atB = new Served();

    /** A node's router as far as served calls go: it records them and lets the test answer. */
    static final class Served implements LocalRouting {
        final List<RemoteCall> calls = new CopyOnWriteArrayList<>();
        final List<Integer> callees = new CopyOnWriteArrayList<>();
        final List<RemoteAnswer> answers = new CopyOnWriteArrayList<>();
        final BlockingQueue<String> cancels = new LinkedBlockingQueue<>();
        final BlockingQueue<String> chunks = new LinkedBlockingQueue<>();

        @Override
        public int deliver(RemotePublication publication) {
            return 0;
        }

        @Override
        public CompletionStage<CallResult> invoke(RemoteCall call, long timeoutMillis) {
            return new CompletableFuture<>();
        }

        @Override
        public RemoteCallHandle serve(RemoteCall call, int callee, RemoteAnswer answer) {
            calls.add(call);
            callees.add(callee);
            answers.add(answer);
            return new RemoteCallHandle() {
                @Override
                public void cancel(String mode) {
                    cancels.add(call.procedure() + " " + mode);
                }

                @Override
                public void chunk(Payload payload, boolean more) {
                    chunks.add(payload.args() + (more ? " more" : " last"));
                }
            };
        }
    }

    /** Everything the caller gets, in order. */
    static final class Answers implements RemoteAnswer {
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
        public void result(Payload payload, Map<String, Object> details) {
            got.add("result " + payload.args() + (details.isEmpty() ? "" : " " + details));
        }

        @Override
        public void error(String uri, Payload payload) {
            got.add(uri);
        }

        String next() throws InterruptedException {
            String s = got.poll(30, TimeUnit.SECONDS);
            assertThat(s).as("an answer").isNotNull();
            return s;
        }
    }



    @BeforeEach
    void start() {
        List<ClusterSettings> settings = TestMembers.cluster("calls", 2);
        a = new ClusterNode(settings.get(0), "digest");
        b = new ClusterNode(settings.get(1), "digest");
        assertThat(a.start(getClass().getClassLoader())).isTrue();
        assertThat(b.start(getClass().getClassLoader())).isTrue();
        a.attach(atA);
        b.attach(atB);
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

    private static String nodeOf(CallPlacement p) {
        return p.here() ? "here" : "other";
    }

    @Test
    void roundRobinRotatesOverTheCalleesOfBothNodesAndRandomDrawsFromAll() throws Exception {
        LocalCallees localA = new LocalCallees(MatchPolicy.EXACT, "com.x.rr", "roundrobin", 2, 100, 200);
        a.calleesChanged("realm1", localA);
        b.calleesChanged("realm1", new LocalCallees(MatchPolicy.EXACT, "com.x.rr", "roundrobin", 1, 150, 150));
        TestMembers.await("B's callee is known at A", () -> a.registrationConflict("realm1", MatchPolicy.EXACT, "com.x.rr",
                "single") != null);
        TestMembers.await("A's callees are known at B", () -> b.place("realm1", "com.x.rr", null) != null);

        Map<String, Integer> turns = new HashMap<>();
        List<String> sequence = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            CallPlacement p = a.place("realm1", "com.x.rr", localA);
            String callee = nodeOf(p) + " " + p.callee();
            sequence.add(callee);
            turns.merge(callee, 1, Integer::sum);
        }
        assertThat(turns).as("each of the three callees every third call: " + sequence)
                .containsOnly(Map.entry("here 0", 3), Map.entry("here 1", 3), Map.entry("other 0", 3));
        assertThat(sequence.subList(3, 6)).isEqualTo(sequence.subList(0, 3));

        // B, without a callee of its own, rotates over A's two.
        List<String> fromB = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            CallPlacement p = b.place("realm1", "com.x.rr", null);
            fromB.add(nodeOf(p) + " " + p.callee());
        }
        assertThat(fromB).containsOnly("other 0", "other 1").contains("other 0", "other 1");

        // The real call goes to B's callee 0, and B serves it with that callee.
        CallPlacement toB;
        do {
            toB = a.place("realm1", "com.x.rr", localA);
        } while (toB.here());
        Answers answers = new Answers();
        assertThat(a.forward(new RemoteCall("realm1", "com.x.rr", 7, 0, Payload.of(1L)), toB, answers)).isNotNull();
        TestMembers.await("B serves it", () -> !atB.calls.isEmpty());
        assertThat(atB.callees).containsExactly(0);

        // random: uniform over the three (1/3 each: 3000 draws, each far from 0 and from all).
        b.calleesChanged("realm1", new LocalCallees(MatchPolicy.EXACT, "com.x.rnd", "random", 1, 150, 150));
        LocalCallees rndA = new LocalCallees(MatchPolicy.EXACT, "com.x.rnd", "random", 2, 100, 200);
        TestMembers.await("B's random callee is known at A", () -> a.registrationConflict("realm1", MatchPolicy.EXACT,
                "com.x.rnd", "single") != null);
        Map<String, Integer> draws = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            CallPlacement p = a.place("realm1", "com.x.rnd", rndA);
            draws.merge(nodeOf(p) + " " + p.callee(), 1, Integer::sum);
        }
        assertThat(draws).containsOnlyKeys("here 0", "here 1", "other 0");
        assertThat(draws.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
    }

    @Test
    void firstAndLastGoByRegistrationTimeAcrossNodes() throws Exception {
        b.calleesChanged("realm1", new LocalCallees(MatchPolicy.EXACT, "com.x.first", "first", 2, 50, 300));
        b.calleesChanged("realm1", new LocalCallees(MatchPolicy.EXACT, "com.x.last", "last", 2, 50, 150));
        TestMembers.await("B's registrations are known at A", () -> a.registrationConflict("realm1", MatchPolicy.EXACT,
                "com.x.last", "single") != null);
        LocalCallees firstA = new LocalCallees(MatchPolicy.EXACT, "com.x.first", "first", 1, 100, 100);
        LocalCallees lastA = new LocalCallees(MatchPolicy.EXACT, "com.x.last", "last", 1, 100, 200);
        assertThat(a.place("realm1", "com.x.first", firstA).here()).as("B's first callee is older").isFalse();
        assertThat(a.place("realm1", "com.x.first", firstA).callee()).as("B takes its own first").isEqualTo(-1);
        assertThat(a.place("realm1", "com.x.last", lastA)).as("A's last callee is the newest")
                .isEqualTo(CallPlacement.HERE);
        // The control: B's last callee becomes the newest.
        b.calleesChanged("realm1", new LocalCallees(MatchPolicy.EXACT, "com.x.last", "last", 3, 50, 400));
        TestMembers.await("B's newer callee is known at A", () -> !a.place("realm1", "com.x.last", lastA).here());
    }

    @Test
    void twoNodesRacingForTheSameSingleProcedureCannotBothHaveIt() throws Exception {
        int rounds = 20;
        for (int i = 0; i < rounds; i++) {
            String procedure = "com.x.race" + i;
            CompletableFuture<String> atNodeA = new CompletableFuture<>();
            CompletableFuture<String> atNodeB = new CompletableFuture<>();
            CountDownLatch go = new CountDownLatch(1);
            Thread ta = new Thread(() -> {
                awaitLatch(go);
                a.claimRegistration("realm1", MatchPolicy.EXACT, procedure, "single", atNodeA::complete);
            });
            Thread tb = new Thread(() -> {
                awaitLatch(go);
                b.claimRegistration("realm1", MatchPolicy.EXACT, procedure, "single", atNodeB::complete);
            });
            ta.start();
            tb.start();
            go.countDown();
            String ra = atNodeA.get(30, TimeUnit.SECONDS);
            String rb = atNodeB.get(30, TimeUnit.SECONDS);
            assertThat(ra == null ^ rb == null).as("exactly one of A (" + ra + ") and B (" + rb + ")").isTrue();
            assertThat(ra == null ? rb : ra).isEqualTo(RegistrationIndex.ERROR_PROCEDURE_ALREADY_EXISTS);
        }

        // Given back, it is free for the other node; a shared policy is shared, another policy refused.
        CompletableFuture<String> first = new CompletableFuture<>();
        a.claimRegistration("realm1", MatchPolicy.EXACT, "com.x.free", "single", first::complete);
        assertThat(first.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(claim(b, "com.x.free", "single")).isEqualTo(RegistrationIndex.ERROR_PROCEDURE_ALREADY_EXISTS);
        assertThat(claim(a, "com.x.free", "single")).as("the node's own dealer decides between its sessions")
                .isNull();
        a.releaseRegistration("realm1", MatchPolicy.EXACT, "com.x.free");
        assertThat(claim(b, "com.x.free", "single")).as("A still has one callee").isNotNull();
        a.releaseRegistration("realm1", MatchPolicy.EXACT, "com.x.free");
        TestMembers.await("A gave it back", () -> claimNow(b, "com.x.free", "single") == null);

        assertThat(claim(a, "com.x.shared", "roundrobin")).isNull();
        assertThat(claim(b, "com.x.shared", "roundrobin")).isNull();
        assertThat(claim(b, "com.x.shared", "random")).isEqualTo(RegistrationIndex.ERROR_DIFFERENT_POLICY);

        // A node that leaves gives back what it held.
        assertThat(claim(b, "com.x.held", "single")).isNull();
        assertThat(claim(a, "com.x.held", "single")).isNotNull();
        b.stop();
        b = null;
        TestMembers.await("B's claim is released when it leaves", () -> claimNow(a, "com.x.held", "single") == null);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String claim(ClusterNode node, String procedure, String invoke) throws Exception {
        CompletableFuture<String> decided = new CompletableFuture<>();
        node.claimRegistration("realm1", MatchPolicy.EXACT, procedure, invoke, decided::complete);
        return decided.get(30, TimeUnit.SECONDS);
    }

    /** A claim that, when granted, is given back at once (for polling until one is granted). */
    private static String claimNow(ClusterNode node, String procedure, String invoke) {
        try {
            String result = claim(node, procedure, invoke);
            if (result == null) {
                node.releaseRegistration("realm1", MatchPolicy.EXACT, procedure);
            }
            return result;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theCallersOptionsIdentityProgressiveResultsAndCancelCross() throws Exception {
        b.calleesChanged("realm1", new LocalCallees(MatchPolicy.EXACT, "com.x.p", "single", 1, 1, 1));
        TestMembers.await("B's registration is known at A", () -> a.place("realm1", "com.x.p", null) != null);
        Answers answers = new Answers();
        RemoteCall call = new RemoteCall("realm1", "com.x.p", 4711L, 2500, Payload.of(1L), true, true,
                RemoteCall.DISCLOSE_ON_REQUEST, Map.of("caller", 4711L, "caller_authid", "alice",
                        "caller_authrole", "user"));
        RemoteCallHandle handle = a.forward(call, a.place("realm1", "com.x.p", null), answers);
        assertThat(handle).isNotNull();
        TestMembers.await("B serves it", () -> !atB.calls.isEmpty());
        RemoteCall there = atB.calls.get(0);
        assertThat(there.caller()).isEqualTo(4711L);
        assertThat(there.timeoutMillis()).isEqualTo(2500);
        assertThat(there.receiveProgress()).isTrue();
        assertThat(there.discloseMe()).isTrue();
        assertThat(there.disclosure()).isEqualTo(RemoteCall.DISCLOSE_ON_REQUEST);
        assertThat(there.callerDetails()).containsEntry("caller_authid", "alice").containsEntry("caller", 4711L);
        assertThat(there.payload().args()).containsExactly(1L);

        RemoteAnswer callee = atB.answers.get(0);
        for (long i = 1; i <= 20; i++) {
            callee.progress(Payload.of(i));
        }
        callee.result(Payload.of("done"));
        for (long i = 1; i <= 20; i++) {
            assertThat(answers.next()).isEqualTo("progress [" + i + "]");
        }
        assertThat(answers.next()).isEqualTo("result [done]");

        // CANCEL follows a running call to B; the answer B's router gives comes back.
        Answers canceled = new Answers();
        RemoteCallHandle running = a.forward(new RemoteCall("realm1", "com.x.p", 4711L, 0, Payload.EMPTY),
                CallPlacement.ELSEWHERE, canceled);
        TestMembers.await("B serves the second call", () -> atB.calls.size() == 2);
        running.cancel("killnowait");
        assertThat(atB.cancels.poll(30, TimeUnit.SECONDS)).isEqualTo("com.x.p killnowait");
        atB.answers.get(1).error("wamp.error.canceled", Payload.EMPTY);
        assertThat(canceled.next()).isEqualTo("wamp.error.canceled");
        running.cancel("skip");
        handle.cancel("skip");

        // Progressive call invocations: the caller's chunks follow the first one, in order.
        Answers streamed = new Answers();
        RemoteCallHandle stream = a.forward(new RemoteCall("realm1", "com.x.p", 4711L, 0, Payload.of(0L), false,
                false, RemoteCall.DISCLOSE_ON_REQUEST, Map.of(), true), CallPlacement.ELSEWHERE, streamed);
        for (long i = 1; i <= 10; i++) {
            stream.chunk(Payload.of(i), i < 10);
        }
        TestMembers.await("B serves the streamed call", () -> atB.calls.size() == 3);
        assertThat(atB.calls.get(2).progress()).isTrue();
        for (long i = 1; i <= 10; i++) {
            assertThat(atB.chunks.poll(30, TimeUnit.SECONDS)).isEqualTo("[" + i + "]" + (i < 10 ? " more" : " last"));
        }
        atB.answers.get(2).result(Payload.of(55L));
        assertThat(streamed.next()).isEqualTo("result [55]");

        // Payload passthru: the ppt_* options and the caller's serializer cross, and the answer's details come back.
        Answers ppt = new Answers();
        a.forward(new RemoteCall("realm1", "com.x.p", 4711L, 0, Payload.of((Object) new byte[] { 1, 2 }), false,
                false, RemoteCall.DISCLOSE_ON_REQUEST, Map.of(), false, "msgpack", Map.of("ppt_scheme", "x_test")),
                CallPlacement.ELSEWHERE, ppt);
        TestMembers.await("B serves the passthru call", () -> atB.calls.size() == 4);
        RemoteCall pptThere = atB.calls.get(3);
        assertThat(pptThere.callerSerializer()).isEqualTo("msgpack");
        assertThat(pptThere.passthru()).containsEntry("ppt_scheme", "x_test");
        assertThat((byte[]) pptThere.payload().args().get(0)).containsExactly(1, 2);
        atB.answers.get(3).result(Payload.of("r"), Map.of("ppt_scheme", "x_test"));
        assertThat(ppt.next()).isEqualTo("result [r] {ppt_scheme=x_test}");

        // A call whose caller's node leaves is ended on the callee's node.
        Answers orphan = new Answers();
        a.forward(new RemoteCall("realm1", "com.x.p", 4711L, 0, Payload.EMPTY), CallPlacement.ELSEWHERE, orphan);
        TestMembers.await("B serves the fifth call", () -> atB.calls.size() == 5);
        assertThat(atB.cancels).as("answered calls are not canceled").isEmpty();
        a.stop();
        a = null;
        assertThat(orphan.next()).as("the caller's own node answers it as it stops").isEqualTo("wamp.error.canceled");
        assertThat(atB.cancels.poll(30, TimeUnit.SECONDS)).isEqualTo("com.x.p killnowait");
    }
}
