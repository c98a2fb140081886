package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Goodbye;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Yield;
import dev.junction.spi.call.CallFailedException;
import dev.junction.spi.call.CallResult;

class InternalCallsTest extends RouterTestSupport {
    private InternalCalls calls;

    @BeforeEach
    void internalCaller() {
        calls = new InternalCalls(router);
    }

    @AfterEach
    void stopCaller() {
        calls.shutdown();
    }

    private static CallFailedException failure(CompletableFuture<CallResult> f) throws Exception {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (CallFailedException) e.getCause();
        }
        throw new AssertionError("expected a failed call");
    }

    private TestClient callee(String procedure) {
        TestClient callee = joined(Map.of("call_canceling", true));
        callee.deliver(new Register(callee.nextRequest(), Map.of(), procedure));
        callee.expect(Registered.class);
        return callee;
    }

    @Test
    void callsGoThroughTheDealerAsTrustedAndReuseOneSession() throws Exception {
        TestClient callee = callee("com.example.auth");
        for (int i = 0; i < 2; i++) {
            CompletableFuture<CallResult> result = calls.call("realm1", "com.example.auth",
                    List.of("realm1", "joe", Map.of("ticket", "t")), Map.of(), 5000).toCompletableFuture();
            Invocation inv = callee.expect(Invocation.class);
            assertThat(inv.payload().args()).containsExactly("realm1", "joe", Map.of("ticket", "t"));
            callee.deliver(new Yield(inv.request(), Map.of(), Payload.of(List.of("user"), Map.of("k", 1L))));
            CallResult r = result.get(5, TimeUnit.SECONDS);
            assertThat(r.first()).isEqualTo("user");
            assertThat(r.kwargs()).containsEntry("k", 1L);
        }
        // One internal session for both calls, joined as trusted.
        assertThat(router.realm("realm1").sessions()).filteredOn(s -> s.info() != null
                && "trusted".equals(s.info().authrole())).hasSize(1);
    }

    @Test
    void errorsTimeoutsAndLeavingCalleesFailTheStage() throws Exception {
        TestClient callee = callee("com.example.auth");
        CompletableFuture<CallResult> denied = calls.call("realm1", "com.example.auth", List.of(), Map.of(), 5000)
                .toCompletableFuture();
        Invocation inv = callee.expect(Invocation.class);
        callee.deliver(new ErrorMessage(Invocation.TYPE, inv.request(), Map.of(), "com.example.denied",
                Payload.of("nope")));
        CallFailedException e = failure(denied);
        assertThat(e.error()).isEqualTo("com.example.denied");
        assertThat(e.args()).containsExactly("nope");

        CompletableFuture<CallResult> slow = calls.call("realm1", "com.example.auth", List.of(), Map.of(), 50)
                .toCompletableFuture();
        callee.expect(Invocation.class); // never answered
        assertThat(failure(slow).error()).isEqualTo("wamp.error.timeout");
        callee.expect(dev.junction.api.message.Interrupt.class); // the callee announced call_canceling

        CompletableFuture<CallResult> orphan = calls.call("realm1", "com.example.auth", List.of(), Map.of(), 5000)
                .toCompletableFuture();
        callee.expect(Invocation.class);
        callee.deliver(new Goodbye(Map.of(), "wamp.close.normal"));
        assertThat(failure(orphan).error()).isEqualTo("wamp.error.canceled");

        assertThat(failure(calls.call("realm1", "com.example.auth", List.of(), Map.of(), 5000).toCompletableFuture())
                .error()).isEqualTo("wamp.error.no_such_procedure");
    }

    @Test
    void unknownRealmAndClosedRealmAreReported() throws Exception {
        assertThat(failure(calls.call("nowhere", "com.example.auth", List.of(), Map.of(), 5000).toCompletableFuture())
                .error()).isEqualTo("wamp.error.no_such_realm");
        TestClient callee = callee("com.example.auth");
        CompletableFuture<CallResult> before = calls.call("realm1", "com.example.auth", List.of(), Map.of(), 5000)
                .toCompletableFuture();
        callee.deliver(new Yield(callee.expect(Invocation.class).request(), Map.of(), Payload.of("ok")));
        assertThat(before.get(5, TimeUnit.SECONDS).first()).isEqualTo("ok");
        // The realm goes and comes back: the next call opens a new internal session.
        router.removeRealm("realm~1");
        router.putRealm("realm~1", new RealmSettings("realm1", dev.junction.api.UriCheck.STRICT));
        TestClient again = callee("com.example.auth");
        CompletableFuture<CallResult> after = calls.call("realm1", "com.example.auth", List.of(), Map.of(), 5000)
                .toCompletableFuture();
        again.deliver(new Yield(again.expect(Invocation.class).request(), Map.of(), Payload.of("again")));
        assertThat(after.get(5, TimeUnit.SECONDS).first()).isEqualTo("again");
    }
}
