package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.spi.call.CallFailedException;
import dev.junction.spi.call.CallResult;
import dev.junction.spi.call.InternalCaller;

/**
 * Roles decided by a dynamic authorizer: the answer forms, failures, caching, and that a session's messages keep
 * their order while the authorizer decides. The authorizer here is a scripted {@link InternalCaller}; the interop
 * suite calls a real procedure registered by a client.
 */
class DynamicAuthorizationTest extends RouterTestSupport {

    /** One question to the authorizer, answered by the test. */
    record Asked(String procedure, List<?> args, CompletableFuture<CallResult> answer) {
        @SuppressWarnings("unchecked")
        Map<String, Object> session() {
            return (Map<String, Object>) args.get(0);
        }

        String uri() {
            return (String) args.get(1);
        }

        String action() {
            return (String) args.get(2);
        }

        void reply(Object value) {
            answer.complete(new CallResult(List.of(value), Map.of()));
        }
    }

    private final LinkedBlockingQueue<Asked> asked = new LinkedBlockingQueue<>();
    private final InternalCaller authorizer = new InternalCaller() {
        @Override
        public CompletionStage<CallResult> call(String realm, String procedure, List<?> args, Map<String, ?> kwargs,
                long timeoutMillis) {
            CompletableFuture<CallResult> answer = new CompletableFuture<>();
            asked.add(new Asked(procedure, args, answer));
            return answer;
        }
    };

    @BeforeEach
    void dynamicAnonymousRole() {
        assertThat(router.putRole("r1", "realm1",
                new DynamicRole("anonymous", "realm1", "com.example.authorize", 1000, authorizer))).isNull();
    }

    private Asked nextQuestion() throws InterruptedException {
        Asked a = asked.poll(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(a).as("a question to the authorizer").isNotNull();
        return a;
    }

    @Test
    void theAuthorizerGetsSessionUriActionOptionsAndItsAnswerDecides() throws Exception {
        TestClient c = joined();
        c.deliver(new Subscribe(c.nextRequest(), Map.of("match", "prefix"), "com.a"));
        Asked q = nextQuestion();
        assertThat(q.procedure()).isEqualTo("com.example.authorize");
        assertThat(q.uri()).isEqualTo("com.a");
        assertThat(q.action()).isEqualTo("subscribe");
        assertThat(q.args().get(3)).isEqualTo(Map.of("match", "prefix"));
        assertThat(q.session()).containsEntry("authrole", "anonymous").containsKeys("session", "authid", "transport");
        c.expectNothing(); // nothing is answered before the authorizer
        q.reply(true);
        c.expect(Subscribed.class);

        c.deliver(new Register(c.nextRequest(), Map.of(), "com.b"));
        nextQuestion().reply(Map.of("allow", false));
        assertThat(c.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_NOT_AUTHORIZED);
    }

    @Test
    void aFailingOrMalformedAnswerIsAuthorizationFailed() throws Exception {
        TestClient c = joined();
        c.deliver(new Register(c.nextRequest(), Map.of(), "com.b"));
        nextQuestion().answer().completeExceptionally(
                new CallFailedException(WampUris.ERROR_NO_SUCH_PROCEDURE, List.of(), Map.of()));
        assertThat(c.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_AUTHORIZATION_FAILED);
        c.deliver(new Register(c.nextRequest(), Map.of(), "com.b"));
        nextQuestion().reply("yes please");
        assertThat(c.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_AUTHORIZATION_FAILED);
        c.deliver(new Register(c.nextRequest(), Map.of(), "com.b")); // control: a proper answer still works
        nextQuestion().reply(true);
        c.expect(Registered.class);
    }

    @Test
    void cachedAnswersAreNotAskedAgainAndDiscloseIsHonoured() throws Exception {
        TestClient callee = joined();
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.p"));
        nextQuestion().reply(true);
        callee.expect(Registered.class);
        TestClient caller = new TestClient(router, json);
        long callerId = caller.join("realm1").session();
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.p", Payload.EMPTY));
        nextQuestion().reply(Map.of("allow", true, "disclose", true, "cache", true));
        Invocation inv = callee.expect(Invocation.class);
        assertThat(inv.details()).containsEntry("caller", callerId);
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.p", Payload.EMPTY));
        callee.expect(Invocation.class);
        assertThat(asked).as("the cached answer is used").isEmpty();
    }

    @Test
    void messagesSentWhileTheAuthorizerDecidesKeepTheirOrder() throws Exception {
        TestClient sub = joined();
        sub.deliver(new Subscribe(sub.nextRequest(), Map.of(), "com.t"));
        Asked first = nextQuestion();
        // Sent before the SUBSCRIBE is decided: must be routed after it, so the event reaches the subscriber.
        sub.deliver(new Publish(sub.nextRequest(), Map.of("acknowledge", true, "exclude_me", false), "com.t",
                Payload.of(1)));
        assertThat(asked).as("nothing else is asked while the first question is open").isEmpty();
        first.reply(true);
        sub.expect(Subscribed.class);
        Asked second = nextQuestion();
        assertThat(second.action()).isEqualTo("publish");
        second.reply(true);
        sub.expect(Event.class);
        sub.expect(Published.class);
    }
}
