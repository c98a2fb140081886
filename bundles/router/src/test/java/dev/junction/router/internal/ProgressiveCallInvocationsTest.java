package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.junction.api.message.Abort;
import dev.junction.api.message.Call;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Interrupt;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Yield;

/** CALL with progress:true streams to the callee as INVOCATIONs with progress:true under one request id. */
@Tag("progressive_call_invocations")
class ProgressiveCallInvocationsTest extends RouterTestSupport {
    private static final Map<String, Object> STREAMING_CALLEE = Map.of("progressive_call_invocations", true,
            "call_canceling", true, "progressive_call_results", true);

    private TestClient client(Map<String, Map<String, Object>> features) {
        TestClient c = new TestClient(router, json);
        c.joinWithFeatures("realm1", features);
        return c;
    }

    private TestClient streamingCaller() {
        return client(Map.of("caller", Map.of("progressive_call_invocations", true, "progressive_call_results", true)));
    }

    private long register(TestClient callee, String procedure) {
        callee.deliver(new Register(callee.nextRequest(), Map.of(), procedure));
        return callee.expect(Registered.class).registration();
    }

    @Test
    void chunksReachTheSameCalleeUnderOneInvocationIdAndTheFinalOneEndsTheStream() {
        TestClient callee = client(Map.of("callee", STREAMING_CALLEE));
        long reg = register(callee, "com.example.upload");
        TestClient caller = streamingCaller();
        long request = caller.nextRequest();

        caller.deliver(new Call(request, Map.of("progress", true, "disclose_me", true, "receive_progress", true), "com.example.upload",
                Payload.of("chunk1")));
        Invocation first = callee.expect(Invocation.class);
        assertThat(first.registration()).isEqualTo(reg);
        assertThat(first.details()).containsEntry("progress", true).containsKey("caller");
        assertThat(first.payload().args()).containsExactly("chunk1");

        // The same request id again (not a sequence violation), options other than progress are frozen.
        caller.deliver(new Call(request, Map.of("progress", true), "com.example.upload", Payload.of("chunk2")));
        Invocation second = callee.expect(Invocation.class);
        assertThat(second.request()).isEqualTo(first.request());
        assertThat(second.details()).containsEntry("progress", true).containsKey("caller");

        // A progressive result may flow back in between.
        callee.deliver(new Yield(first.request(), Map.of("progress", true), Payload.of("ack1")));
        assertThat(caller.expect(Result.class).details()).containsEntry("progress", true);

        caller.deliver(new Call(request, Map.of(), "com.example.upload", Payload.of("last")));
        Invocation last = callee.expect(Invocation.class);
        assertThat(last.request()).isEqualTo(first.request());
        assertThat(last.details()).doesNotContainKey("progress").containsKey("caller");
        callee.deliver(new Yield(first.request(), Map.of(), Payload.of("done")));
        Result result = caller.expect(Result.class);
        assertThat(result.request()).isEqualTo(request);
        assertThat(result.payload().args()).containsExactly("done");

        // After the final chunk the request id is spent: repeating it is a sequence violation again.
        caller.deliver(new Call(request, Map.of("progress", true), "com.example.upload", Payload.of("late")));
        caller.expect(Abort.class);
    }

    @Test
    void aCalleeWithoutTheFeatureOrWithoutCallCancelingGetsFeatureNotSupported() {
        TestClient plain = client(Map.of("callee", Map.of("progressive_call_invocations", true)));
        register(plain, "com.example.nocancel");
        TestClient caller = streamingCaller();
        caller.deliver(new Call(caller.nextRequest(), Map.of("progress", true), "com.example.nocancel",
                Payload.of(1L)));
        assertThat(caller.expect(ErrorMessage.class).error()).isEqualTo("wamp.error.feature_not_supported");
        plain.expectNothing();
        // positive control: a plain call to it works
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.nocancel", Payload.of(1L)));
        plain.expect(Invocation.class);
    }

    @Test
    void aCallerThatDidNotAnnounceTheFeatureIsAborted() {
        TestClient callee = client(Map.of("callee", STREAMING_CALLEE));
        register(callee, "com.example.upload");
        TestClient caller = joined();
        caller.deliver(new Call(caller.nextRequest(), Map.of("progress", true), "com.example.upload",
                Payload.of(1L)));
        assertThat(caller.expect(Abort.class).reason()).isEqualTo("wamp.error.protocol_violation");
        callee.expectNothing();
    }

    @Test
    void aCallerLeavingMidStreamInterruptsTheCalleeWithKillnowait() {
        TestClient callee = client(Map.of("callee", STREAMING_CALLEE));
        register(callee, "com.example.upload");
        TestClient caller = streamingCaller();
        caller.deliver(new Call(caller.nextRequest(), Map.of("progress", true), "com.example.upload",
                Payload.of(1L)));
        Invocation first = callee.expect(Invocation.class);
        caller.close(1006, "gone");
        Interrupt interrupt = callee.expect(Interrupt.class);
        assertThat(interrupt.request()).isEqualTo(first.request());
        assertThat(interrupt.options()).containsEntry("mode", "killnowait");
    }
}
