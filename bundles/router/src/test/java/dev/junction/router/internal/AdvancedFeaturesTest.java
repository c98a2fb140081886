package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.junction.api.WampUris;
import dev.junction.api.message.Call;
import dev.junction.api.message.Cancel;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Event;
import dev.junction.api.message.Interrupt;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Published;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Welcome;
import dev.junction.api.message.Yield;

/** The Advanced Profile features the router announces: each behaves as the spec says. */
class AdvancedFeaturesTest extends RouterTestSupport {
    private static final Map<String, Object> CANCELING = Map.of("call_canceling", true,
            "progressive_call_results", true);


    @Test
    void welcomeAnnouncesTheAdvancedFeatures() {
        TestClient c = new TestClient(router, json);
        Welcome w = c.join("realm1");
        assertThat(w.details().get("roles").toString()).contains("progressive_call_results=true",
                "call_canceling=true", "call_timeout=true", "subscriber_blackwhite_listing=true",
                "caller_identification=true", "publisher_exclusion=true", "publisher_identification=true");
    }

    @Test
    @Tag("caller_identification")
    void aCalleeCanAskForTheCallersIdentity() {
        TestClient callee = joined();
        TestClient caller = joined();
        callee.deliver(new Register(callee.nextRequest(), Map.of("disclose_caller", true), "com.example.who"));
        callee.expect(Registered.class);
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.who", Payload.EMPTY));
        assertThat(callee.expect(Invocation.class).details()).containsEntry("caller", router.sessionIdOf(caller.handle))
                .containsKeys("caller_authid", "caller_authrole");
    }

    @Test
    @Tag("subscriber_blackwhite_listing")
    void blackAndWhiteListingPickTheReceivers() {
        TestClient a = joined(Map.of());
        TestClient b = joined(Map.of());
        TestClient pub = joined(Map.of());
        long aId = router.sessionIdOf(a.handle);
        for (TestClient s : List.of(a, b)) {
            s.deliver(new Subscribe(s.nextRequest(), Map.of(), "com.example.bw"));
            s.expect(Subscribed.class);
        }
        pub.deliver(new Publish(pub.nextRequest(), Map.of("exclude", List.of(aId), "acknowledge", true),
                "com.example.bw", Payload.of("not a")));
        pub.expect(Published.class);
        assertThat(b.expect(Event.class).payload().args()).containsExactly("not a");
        pub.deliver(new Publish(pub.nextRequest(), Map.of("eligible", List.of(aId), "acknowledge", true),
                "com.example.bw", Payload.of("only a")));
        pub.expect(Published.class);
        assertThat(a.expect(Event.class).payload().args()).containsExactly("only a");
        pub.deliver(new Publish(pub.nextRequest(), Map.of("exclude_authrole", List.of("anonymous"),
                "acknowledge", true), "com.example.bw", Payload.of("nobody")));
        pub.expect(Published.class);
        pub.deliver(new Publish(pub.nextRequest(), Map.of("exclude", "x", "acknowledge", true), "com.example.bw",
                Payload.EMPTY));
        assertThat(pub.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_INVALID_ARGUMENT);
        a.expectNothing();
        b.expectNothing();
    }

    @Test
    @Tag("progressive_call_results")
    void progressiveResultsReachACallerThatAskedForThem() {
        TestClient callee = joined(CANCELING);
        TestClient caller = joined(Map.of());
        register(callee, "com.example.stream");
        long request = caller.nextRequest();
        caller.deliver(new Call(request, Map.of("receive_progress", true), "com.example.stream", Payload.EMPTY));
        Invocation inv = callee.expect(Invocation.class);
        assertThat(inv.details()).containsEntry("receive_progress", true);
        callee.deliver(new Yield(inv.request(), Map.of("progress", true), Payload.of(1L)));
        callee.deliver(new Yield(inv.request(), Map.of("progress", true), Payload.of(2L)));
        callee.deliver(new Yield(inv.request(), Map.of(), Payload.of("done")));
        Result r1 = caller.expect(Result.class);
        assertThat(r1.details()).containsEntry("progress", true);
        assertThat(r1.payload().args()).containsExactly(1L);
        assertThat(caller.expect(Result.class).payload().args()).containsExactly(2L);
        Result last = caller.expect(Result.class);
        assertThat(last.details()).doesNotContainKey("progress");
        assertThat(last.payload().args()).containsExactly("done");
    }

    @Test
    @Tag("progressive_call_results")
    void progressiveResultsAreNotForwardedToACallerThatDidNotAsk() {
        TestClient callee = joined(CANCELING);
        TestClient caller = joined(Map.of());
        register(callee, "com.example.stream");
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.stream", Payload.EMPTY));
        Invocation inv = callee.expect(Invocation.class);
        assertThat(inv.details()).doesNotContainKey("receive_progress");
        callee.deliver(new Yield(inv.request(), Map.of("progress", true), Payload.of(1L)));
        callee.deliver(new Yield(inv.request(), Map.of(), Payload.of("done")));
        assertThat(caller.expect(Result.class).payload().args()).containsExactly("done");
        caller.expectNothing();
    }

    @Test
    @Tag("call_canceling")
    void cancelKillNoWaitAnswersAtOnceAndInterruptsTheCallee() {
        TestClient callee = joined(CANCELING);
        TestClient caller = joined(Map.of());
        register(callee, "com.example.long");
        long request = caller.nextRequest();
        caller.deliver(new Call(request, Map.of(), "com.example.long", Payload.EMPTY));
        Invocation inv = callee.expect(Invocation.class);
        caller.deliver(new Cancel(request, Map.of("mode", "killnowait")));
        ErrorMessage error = caller.expect(ErrorMessage.class);
        assertThat(error.error()).isEqualTo(WampUris.ERROR_CANCELED);
        assertThat(error.request()).isEqualTo(request);
        Interrupt interrupt = callee.expect(Interrupt.class);
        assertThat(interrupt.request()).isEqualTo(inv.request());
        assertThat(interrupt.options()).containsEntry("mode", "killnowait");
        callee.deliver(new Yield(inv.request(), Map.of(), Payload.of("late"))); // dropped
        caller.expectNothing();
    }

    @Test
    @Tag("call_canceling")
    void cancelKillWaitsForTheCalleesAnswer() {
        TestClient callee = joined(CANCELING);
        TestClient caller = joined(Map.of());
        register(callee, "com.example.long");
        long request = caller.nextRequest();
        caller.deliver(new Call(request, Map.of(), "com.example.long", Payload.EMPTY));
        Invocation inv = callee.expect(Invocation.class);
        caller.deliver(new Cancel(request, Map.of("mode", "kill")));
        assertThat(callee.expect(Interrupt.class).options()).containsEntry("mode", "kill");
        caller.expectNothing();
        callee.deliver(new ErrorMessage(Invocation.TYPE, inv.request(), Map.of(), WampUris.ERROR_CANCELED,
                Payload.EMPTY));
        assertThat(caller.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_CANCELED);
    }

    @Test
    @Tag("call_canceling")
    void aCalleeWithoutCallCancelingGetsSkip() {
        TestClient callee = joined(Map.of());
        TestClient caller = joined(Map.of());
        register(callee, "com.example.long");
        long request = caller.nextRequest();
        caller.deliver(new Call(request, Map.of(), "com.example.long", Payload.EMPTY));
        Invocation inv = callee.expect(Invocation.class);
        caller.deliver(new Cancel(request, Map.of("mode", "kill")));
        assertThat(caller.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_CANCELED);
        callee.deliver(new Yield(inv.request(), Map.of(), Payload.EMPTY));
        callee.expectNothing();
        caller.expectNothing();
    }

    @Test
    @Tag("call_timeout")
    void callTimeoutAnswersWampErrorTimeoutInMilliseconds() {
        TestClient callee = joined(CANCELING);
        TestClient caller = joined(Map.of());
        register(callee, "com.example.slow");
        long request = caller.nextRequest();
        long t0 = System.nanoTime();
        caller.deliver(new Call(request, Map.of("timeout", 200L), "com.example.slow", Payload.EMPTY));
        Invocation inv = callee.expect(Invocation.class);
        ErrorMessage error = caller.expect(ErrorMessage.class);
        assertThat(error.error()).isEqualTo(WampUris.ERROR_TIMEOUT);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("milliseconds, not seconds").isLessThan(4000);
        assertThat(callee.expect(Interrupt.class).request()).isEqualTo(inv.request());
        caller.deliver(new Call(caller.nextRequest(), Map.of("timeout", -1L), "com.example.slow", Payload.EMPTY));
        assertThat(caller.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_INVALID_ARGUMENT);
    }

    @Test
    @Tag("call_timeout")
    void aCallAnsweredInTimeIsNotTimedOut() throws Exception {
        TestClient callee = joined(CANCELING);
        TestClient caller = joined(Map.of());
        register(callee, "com.example.fast");
        caller.deliver(new Call(caller.nextRequest(), Map.of("timeout", 100L), "com.example.fast", Payload.EMPTY));
        Invocation inv = callee.expect(Invocation.class);
        callee.deliver(new Yield(inv.request(), Map.of(), Payload.of("ok")));
        assertThat(caller.expect(Result.class).payload().args()).containsExactly("ok");
        // A second call's timeout firing proves the timer thread ran past the first call's deadline.
        caller.deliver(new Call(caller.nextRequest(), Map.of("timeout", 300L), "com.example.fast", Payload.EMPTY));
        callee.expect(Invocation.class);
        assertThat(caller.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_TIMEOUT);
        callee.expect(Interrupt.class);
        caller.expectNothing();
    }

    @Test
    @Tag("call_canceling")
    void aCallerLeavingInterruptsACalleeThatTakesInterrupts() {
        TestClient callee = joined(CANCELING);
        TestClient caller = joined(Map.of());
        register(callee, "com.example.long");
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.long", Payload.EMPTY));
        Invocation inv = callee.expect(Invocation.class);
        caller.close(1000, "gone");
        Interrupt interrupt = callee.expect(Interrupt.class);
        assertThat(interrupt.request()).isEqualTo(inv.request());
        assertThat(interrupt.options()).containsEntry("mode", "killnowait");
    }

    private static void register(TestClient callee, String procedure) {
        callee.deliver(new Register(callee.nextRequest(), Map.of(), procedure));
        callee.expect(Registered.class);
    }
}
