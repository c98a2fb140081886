package dev.junction.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.junction.api.MatchPolicy;
import dev.junction.api.message.Payload;
import dev.junction.spi.call.CallResult;
import dev.junction.spi.cluster.LocalRouting;
import dev.junction.spi.cluster.RemoteAnswer;
import dev.junction.spi.cluster.RemoteCall;
import dev.junction.spi.cluster.RemoteCallHandle;
import dev.junction.spi.cluster.RemotePublication;

/**
 * Two real Hazelcast members in this JVM on loopback: what one node's subscriptions and registrations make the other
 * do, and what happens to a call in flight when the callee's node leaves (answered with wamp.error.canceled at once,
 * its registration forgotten). The router side is a recorder of what reaches it.
 */
class TwoMembersTest {
    private ClusterNode a;
    private ClusterNode b;

    /** What the cluster hands to a node's router. */
    static final class Receiver implements LocalRouting {
        final List<RemotePublication> delivered = new CopyOnWriteArrayList<>();
        final List<RemoteCall> invoked = new CopyOnWriteArrayList<>();

        @Override
        public int deliver(RemotePublication publication) {
            delivered.add(publication);
            return 1;
        }

        @Override
        public CompletionStage<CallResult> invoke(RemoteCall call, long timeoutMillis) {
            invoked.add(call);
            return new CompletableFuture<>(); // a callee that takes its time
        }

        @Override
        public RemoteCallHandle serve(RemoteCall call, int callee, RemoteAnswer answer) {
            invoked.add(call);
            return mode -> {
            }; // a callee that takes its time
        }
    }

    /** The one answer a forwarded call gets. */
    static final class Answer implements RemoteAnswer {
        final CompletableFuture<String> outcome = new CompletableFuture<>();

        @Override
        public void result(Payload payload) {
            outcome.complete("result " + payload.args());
        }

        @Override
        public void error(String uri, Payload payload) {
            outcome.complete(uri);
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



    private static RemotePublication publication(String topic, long id) {
        return new RemotePublication("realm1", topic, id, 1L << 43, "json", java.util.Map.of(), java.util.Map.of(),
                Payload.of(id));
    }

    @Test
    void eventsAndCallsCrossAndAreWithdrawnWhenTheirNodeLeaves() throws Exception {
        List<ClusterSettings> settings = TestMembers.cluster("unit", 2);
        a = new ClusterNode(settings.get(0), "digest");
        b = new ClusterNode(settings.get(1), "digest");
        assertThat(a.start(getClass().getClassLoader())).isTrue();
        assertThat(b.start(getClass().getClassLoader())).isTrue();
        Receiver atA = new Receiver();
        Receiver atB = new Receiver();
        a.attach(atA);
        b.attach(atB);
        assertThat(a.members()).hasSize(2);
        assertThat(SessionIdSpace.slotOf(a.newSessionId())).isNotEqualTo(SessionIdSpace.slotOf(b.newSessionId()));

        // An event crosses only once B subscribes, and only for a matching topic.
        a.published(publication("com.x.t", 1));
        b.subscriptionAdded("realm1", MatchPolicy.WILDCARD, "com..t");
        long[] next = { 2 };
        TestMembers.await("a publication reaches B", () -> {
            a.published(publication("com.x.t", next[0]++));
            return !atB.delivered.isEmpty();
        });
        long sentBefore = a.eventsSent();
        a.published(publication("com.x.other", 1000));
        a.published(publication("com.y.t", 1001));
        TestMembers.await("the control publication arrives", () -> atB.delivered.stream().anyMatch(p -> p.publication() == 1001));
        assertThat(atB.delivered).noneMatch(p -> p.topic().equals("com.x.other") || p.publication() == 1);
        assertThat(a.eventsSent() - sentBefore).as("once per node, only when it matches").isEqualTo(1);
        assertThat(atB.delivered.get(atB.delivered.size() - 1).payload().args()).containsExactly(1001L);
        assertThat(atA.delivered).isEmpty();

        // A call no node serves is not taken; once B registers, it goes to B.
        assertThat(a.call(new RemoteCall("realm1", "com.x.slow", 1L << 43, 0, Payload.EMPTY), new Answer())).isFalse();
        b.registrationAdded("realm1", MatchPolicy.EXACT, "com.x.slow", "single");
        TestMembers.await("B's registration is known at A",
                () -> a.registrationConflict("realm1", MatchPolicy.EXACT, "com.x.slow", "single") != null);
        Answer answer = new Answer();
        assertThat(a.call(new RemoteCall("realm1", "com.x.slow", 1L << 43, 0, Payload.of(7L)), answer)).isTrue();
        TestMembers.await("B's router is asked", () -> !atB.invoked.isEmpty());
        assertThat(atB.invoked.get(0).payload().args()).containsExactly(7L);
        assertThat(answer.outcome).isNotDone();

        // B leaves in the middle of the call: the caller is answered at once, B's registration is forgotten.
        b.stop();
        b = null;
        assertThat(answer.outcome.get(30, TimeUnit.SECONDS)).isEqualTo("wamp.error.canceled");
        TestMembers.await("A forgets B's registration",
                () -> a.registrationConflict("realm1", MatchPolicy.EXACT, "com.x.slow", "single") == null);
        assertThat(a.call(new RemoteCall("realm1", "com.x.slow", 1L << 43, 0, Payload.EMPTY), new Answer())).isFalse();
        long sentAlone = a.eventsSent();
        a.published(publication("com.x.t", 2000));
        assertThat(a.eventsSent()).as("no subscriber elsewhere any more").isEqualTo(sentAlone);
    }
}
