package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.junction.api.UriCheck;
import dev.junction.api.WampUris;
import dev.junction.api.message.Call;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Event;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Published;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Yield;

/**
 * The outbound queue policy of a realm ({@code outbound.*}, {@code max_pending_calls}) against a client that stops
 * reading: the others get everything, the slow one is dropped or disconnected per policy, a call to it is answered at
 * once. Counters, not timings.
 */
class SlowConsumerTest extends RouterTestSupport {
    private static final int QUEUE = 5;

    @BeforeEach
    void limitedRealms() {
        router.putRealm("realm~drop", new RealmSettings("dropping", UriCheck.STRICT, true,
                new OutboundLimits(OutboundLimits.Policy.DROP, 1 << 20, QUEUE), 2));
        router.putRealm("realm~disconnect", new RealmSettings("disconnecting", UriCheck.STRICT, true,
                new OutboundLimits(OutboundLimits.Policy.DISCONNECT, 1 << 20, QUEUE), 0));
    }

    private TestClient client(String realm) {
        return joinedTo(realm, Map.of());
    }

    private static void subscribe(TestClient c, String topic) {
        c.deliver(new Subscribe(c.nextRequest(), Map.of(), topic));
        c.expect(Subscribed.class);
    }

    private static void publish(TestClient pub, int n) {
        publish(pub, 0, n);
    }

    /** Publishes the values {@code from .. from + n - 1}, each acknowledged. */
    private static void publish(TestClient pub, int from, int n) {
        for (int i = from; i < from + n; i++) {
            pub.deliver(new Publish(pub.nextRequest(), Map.of("acknowledge", true), "com.example.flood",
                    Payload.of(i)));
            pub.expect(Published.class); // PUBLISHED: the router accepted it, whatever happens to slow subscribers
        }
    }

    private static List<Object> eventArgs(TestClient c, int n) {
        List<Object> args = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            args.add(c.expect(Event.class).payload().args().get(0));
        }
        c.expectNothing();
        return args;
    }

    /** The disconnect runs on the router's timer: poll with a deadline. */
    private static void awaitClosed(TestClient c) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (c.closeCode == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static WampSession session(TestClient c) {
        return (WampSession) c.handle;
    }

    @Test
    void dropPolicyDropsTheNewestEventsForTheSlowSubscriberOnlyAndCountsThem() {
        TestClient fast = client("dropping");
        TestClient slow = client("dropping");
        TestClient pub = client("dropping");
        subscribe(fast, "com.example.flood");
        subscribe(slow, "com.example.flood");
        slow.stall();

        publish(pub, 20);

        assertThat(eventArgs(fast, 20)).hasSize(20);
        assertThat(session(fast).stats().droppedEvents()).isZero();
        SessionStats stats = session(slow).stats();
        assertThat(stats.droppedEvents()).isEqualTo(20 - QUEUE);
        assertThat(stats.queuedMessages()).isEqualTo(QUEUE);
        assertThat(slow.closeCode).as("drop policy keeps the subscriber").isZero();
        // The session listing (shell, console) shows the same counters.
        assertThat(new AdminView(router).sessions("dropping")).filteredOn(v -> v.id() == session(slow).info().id())
                .singleElement().satisfies(v -> {
                    assertThat(v.droppedEvents()).isEqualTo(20 - QUEUE);
                    assertThat(v.queuedMessages()).isEqualTo(QUEUE);
                });

        slow.resume(); // the oldest events were kept, the newest dropped
        assertThat(eventArgs(slow, QUEUE)).containsExactly(0, 1, 2, 3, 4);
        publish(pub, 20, 1); // once it reads again, it gets events again
        assertThat(eventArgs(slow, 1)).containsExactly(20);
        assertThat(eventArgs(fast, 1)).containsExactly(20);
    }

    @Test
    void disconnectPolicyClosesTheSlowSubscriberWithAReasonAndTheOthersGetEverything() {
        TestClient fast = client("disconnecting");
        TestClient slow = client("disconnecting");
        TestClient pub = client("disconnecting");
        subscribe(fast, "com.example.flood");
        subscribe(slow, "com.example.flood");
        slow.stall();

        publish(pub, 20);

        assertThat(eventArgs(fast, 20)).hasSize(20);
        awaitClosed(slow);
        assertThat(slow.closeCode).isEqualTo(1008);
        assertThat(slow.closeReason).isEqualTo("outbound queue full");
        assertThat(session(slow).stats().droppedEvents()).as("the event that overflowed, and those refused until "
                + "the router's timer closed it").isBetween(1L, 20L - QUEUE);
        assertThat(session(slow).hasLeft()).as("the slow session left the realm").isTrue();
        assertThat(session(fast).hasLeft()).isFalse();
    }

    @Test
    void anInvocationForACalleeThatDoesNotReadIsAnsweredAtOnceWithUnavailable() {
        TestClient callee = client("dropping");
        TestClient caller = client("dropping");
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.example.slow"));
        callee.expect(Registered.class);
        callee.stall();
        for (int i = 0; i < QUEUE; i++) { // fills the callee's queue (max_pending_calls is 2: a caller each)
            TestClient c = client("dropping");
            c.deliver(new Call(c.nextRequest(), Map.of(), "com.example.slow", Payload.EMPTY));
            c.expectNothing();
        }

        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.slow", Payload.EMPTY));

        ErrorMessage error = caller.expect(ErrorMessage.class);
        assertThat(error.error()).isEqualTo(WampUris.ERROR_UNAVAILABLE);
        assertThat(session(callee).stats().refusedInvocations()).isEqualTo(1);
        assertThat(session(caller).stats().refusedCalls()).isEqualTo(1);

        callee.resume(); // control: once it reads again, the callee gets calls
        for (int i = 0; i < QUEUE; i++) {
            callee.expect(Invocation.class);
        }
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.slow", Payload.EMPTY));
        Invocation inv = callee.expect(Invocation.class);
        callee.deliver(new Yield(inv.request(), Map.of(), Payload.of("ok")));
        assertThat(caller.expect(Result.class).payload().args()).containsExactly("ok");
    }

    @Test
    void aCallBeyondMaxPendingCallsGetsAnErrorAndTheSessionGoesOn() {
        TestClient callee = client("dropping");
        TestClient caller = client("dropping");
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.example.held"));
        callee.expect(Registered.class);
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.held", Payload.EMPTY));
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.held", Payload.EMPTY));
        Invocation first = callee.expect(Invocation.class);
        callee.expect(Invocation.class);

        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.held", Payload.EMPTY));

        ErrorMessage error = caller.expect(ErrorMessage.class);
        assertThat(error.request()).isEqualTo(3);
        assertThat(error.error()).isEqualTo(WampSession.ERROR_TOO_MANY_PENDING_CALLS);
        callee.expectNothing();
        assertThat(session(caller).stats().refusedCalls()).isEqualTo(1);

        callee.deliver(new Yield(first.request(), Map.of(), Payload.EMPTY)); // one finishes: room for one more
        caller.expect(Result.class);
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.held", Payload.EMPTY));
        callee.expect(Invocation.class);
        assertThat(caller.closeCode).isZero();
    }

    @Test
    void aClientThatSendsRequestsButDoesNotReadTheRepliesIsDisconnectedAtTwiceTheBound() {
        TestClient pub = client("dropping");
        pub.stall();
        for (int i = 0; i < 2 * QUEUE; i++) {
            pub.deliver(new Publish(pub.nextRequest(), Map.of("acknowledge", true), "com.example.x", Payload.EMPTY));
        }
        assertThat(pub.closeCode).as("replies may use twice the bound").isZero();

        pub.deliver(new Publish(pub.nextRequest(), Map.of("acknowledge", true), "com.example.x", Payload.EMPTY));

        awaitClosed(pub);
        assertThat(pub.closeCode).isEqualTo(1008);
        assertThat(pub.closeReason).isEqualTo("outbound queue full");
    }

    @Test
    void theByteBoundAdmitsOneMessageLargerThanItIntoAnEmptyQueue() {
        OutboundLimits limits = new OutboundLimits(OutboundLimits.Policy.DROP, 1024, 100);
        assertThat(limits.admits(0, 0, 5000)).isTrue();
        assertThat(limits.admits(5000, 1, 10)).isFalse();
        assertThat(limits.admits(1000, 1, 24)).isTrue();
        assertThat(limits.admits(1000, 1, 25)).isFalse();
        assertThat(limits.admits(10, 100, 1)).isFalse();
        assertThat(limits.admitsReply(10, 100, 1)).isTrue();
        assertThat(limits.admitsReply(2040, 1, 9)).isFalse();
    }
}
