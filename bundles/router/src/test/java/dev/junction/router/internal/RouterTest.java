package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.junction.api.WampIds;
import dev.junction.api.WampUris;
import dev.junction.api.message.Abort;
import dev.junction.api.message.Call;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Event;
import dev.junction.api.message.Goodbye;
import dev.junction.api.message.Hello;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Published;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Unregister;
import dev.junction.api.message.Unregistered;
import dev.junction.api.message.Unsubscribe;
import dev.junction.api.message.Unsubscribed;
import dev.junction.api.message.Welcome;
import dev.junction.api.message.Yield;

/** The Basic Profile: sessions, publish and subscribe, calls, errors, protocol violations and shutdown. */
class RouterTest extends RouterTestSupport {
    private final TestSerializer msgpack = new TestSerializer("msgpack");

    @Test
    void welcomeAnnouncesRolesAndAnonymousIdentity() {
        TestClient c = new TestClient(router, json);
        Welcome w = c.join("realm1");
        assertThat(WampIds.isValid(w.session())).isTrue();
        assertThat(w.details()).containsEntry("realm", "realm1").containsEntry("authrole", "anonymous")
                .containsEntry("authmethod", "anonymous").containsKey("authid").containsKey("roles");
        @SuppressWarnings("unchecked")
        Map<String, Object> roles = (Map<String, Object>) w.details().get("roles");
        assertThat(roles).containsKeys("broker", "dealer");
    }

    @Test
    void unknownRealmIsAbortedAndTheConnectionMayTryAgain() {
        TestClient c = new TestClient(router, json);
        c.deliver(new Hello("nosuch", Map.of("roles", Map.of("caller", Map.of()))));
        assertThat(c.expect(Abort.class).reason()).isEqualTo(WampUris.ERROR_NO_SUCH_REALM);
        assertThat(c.closeCode).isZero();
        c.join("realm1");
    }

    @Test
    void messageBeforeHelloIsAProtocolViolation() {
        TestClient c = new TestClient(router, json);
        c.deliver(new Call(1, Map.of(), "com.example.x", Payload.EMPTY));
        assertThat(c.expect(Abort.class).reason()).isEqualTo(WampUris.ERROR_PROTOCOL_VIOLATION);
        assertThat(c.closeCode).isEqualTo(1002);
    }

    @Test
    void helloWithoutRolesIsAProtocolViolation() {
        TestClient c = new TestClient(router, json);
        c.deliver(new Hello("realm1", Map.of()));
        assertThat(c.expect(Abort.class).reason()).isEqualTo(WampUris.ERROR_PROTOCOL_VIOLATION);
    }

    @Test
    void secondHelloIsAProtocolViolation() {
        TestClient c = joined();
        c.deliver(new Hello("realm1", Map.of("roles", Map.of("caller", Map.of()))));
        assertThat(c.expect(Abort.class).reason()).isEqualTo(WampUris.ERROR_PROTOCOL_VIOLATION);
    }

    @Test
    void undecodableFrameIsAProtocolViolation() {
        TestClient c = joined();
        c.handle.onMessage(new byte[] { 1, 2, 3 });
        assertThat(c.expect(Abort.class).reason()).isEqualTo(WampUris.ERROR_PROTOCOL_VIOLATION);
        assertThat(c.closeCode).isEqualTo(1002);
    }

    @Test
    void anonymousOnlyTransportRefusesOtherMethods() {
        TestClient c = new TestClient(router, json);
        c.deliver(new Hello("realm1", Map.of("roles", Map.of("caller", Map.of()), "authmethods", List.of("ticket"))));
        assertThat(c.expect(Abort.class).reason()).isEqualTo(WampUris.ERROR_NO_MATCHING_AUTH_METHOD);
    }

    @Test
    @Tag("publisher_exclusion")
    @Tag("publisher_identification")
    void publishReachesSubscribersButNotThePublisherAndIsAcknowledged() {
        TestClient sub = joined();
        TestClient pub = joined();
        sub.deliver(new Subscribe(sub.nextRequest(), Map.of(), "com.example.topic"));
        long subscription = sub.expect(Subscribed.class).subscription();
        pub.deliver(new Subscribe(pub.nextRequest(), Map.of(), "com.example.topic"));
        assertThat(pub.expect(Subscribed.class).subscription()).isEqualTo(subscription);

        pub.deliver(new Publish(pub.nextRequest(), Map.of("acknowledge", true), "com.example.topic",
                Payload.of(List.of("hello", 42L), Map.of("k", "v"))));
        Published published = pub.expect(Published.class);
        Event event = sub.expect(Event.class);
        assertThat(event.subscription()).isEqualTo(subscription);
        assertThat(event.publication()).isEqualTo(published.publication());
        assertThat(event.payload().args()).containsExactly("hello", 42L);
        assertThat(event.payload().kwargs()).containsEntry("k", "v");
        assertThat(event.details()).isEmpty();
        pub.expectNothing();

        pub.deliver(new Publish(pub.nextRequest(), Map.of("exclude_me", false, "disclose_me", true),
                "com.example.topic", Payload.EMPTY));
        Event own = pub.expect(Event.class);
        assertThat(own.details()).containsKeys("publisher", "publisher_authid", "publisher_authrole");
        sub.expect(Event.class);
    }

    @Test
    void eventsReachSubscribersOnOtherSerializersAndKeepPublisherOrder() {
        TestClient sub = new TestClient(router, msgpack);
        sub.join("realm1");
        TestClient pub = joined();
        sub.deliver(new Subscribe(sub.nextRequest(), Map.of(), "com.example.order"));
        sub.expect(Subscribed.class);
        for (long i = 0; i < 100; i++) {
            pub.deliver(new Publish(pub.nextRequest(), Map.of(), "com.example.order", Payload.of(i)));
        }
        for (long i = 0; i < 100; i++) {
            assertThat(sub.expect(Event.class).payload().args()).containsExactly(i);
        }
    }

    @Test
    void unsubscribeStopsEventsAndUnknownSubscriptionIsAnError() {
        TestClient sub = joined();
        TestClient pub = joined();
        sub.deliver(new Subscribe(sub.nextRequest(), Map.of(), "com.example.t"));
        long id = sub.expect(Subscribed.class).subscription();
        sub.deliver(new Unsubscribe(sub.nextRequest(), id));
        sub.expect(Unsubscribed.class);
        pub.deliver(new Publish(pub.nextRequest(), Map.of("acknowledge", true), "com.example.t", Payload.EMPTY));
        pub.expect(Published.class);
        sub.expectNothing();
        sub.deliver(new Unsubscribe(sub.nextRequest(), id));
        assertThat(sub.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_NO_SUCH_SUBSCRIPTION);
    }

    @Test
    void callIsRoutedToTheCalleeAndTheResultBack() {
        TestClient callee = joined();
        TestClient caller = new TestClient(router, msgpack);
        caller.join("realm1");
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.example.add"));
        long registration = callee.expect(Registered.class).registration();

        long request = caller.nextRequest();
        caller.deliver(new Call(request, Map.of("disclose_me", true), "com.example.add",
                Payload.of(List.of(2L, 3L), Map.of("unicode", "ü→✓"))));
        Invocation inv = callee.expect(Invocation.class);
        assertThat(inv.registration()).isEqualTo(registration);
        assertThat(inv.payload().args()).containsExactly(2L, 3L);
        assertThat(inv.details()).containsKeys("caller", "caller_authid", "caller_authrole");
        callee.deliver(new Yield(inv.request(), Map.of(), Payload.of(5L)));
        Result result = caller.expect(Result.class);
        assertThat(result.request()).isEqualTo(request);
        assertThat(result.payload().args()).containsExactly(5L);
    }

    @Test
    void calleeErrorReachesTheCallerWithUriAndArguments() {
        TestClient callee = joined();
        TestClient caller = joined();
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.example.fail"));
        callee.expect(Registered.class);
        long request = caller.nextRequest();
        caller.deliver(new Call(request, Map.of(), "com.example.fail", Payload.EMPTY));
        Invocation inv = callee.expect(Invocation.class);
        callee.deliver(new ErrorMessage(Invocation.TYPE, inv.request(), Map.of(), "com.example.error.oops",
                Payload.of(List.of("bad"), Map.of("code", 7L))));
        ErrorMessage error = caller.expect(ErrorMessage.class);
        assertThat(error.requestType()).isEqualTo(Call.TYPE);
        assertThat(error.request()).isEqualTo(request);
        assertThat(error.error()).isEqualTo("com.example.error.oops");
        assertThat(error.payload().kwargs()).containsEntry("code", 7L);
    }

    @Test
    void dealerErrors() {
        TestClient a = joined();
        TestClient b = joined();
        a.deliver(new Call(a.nextRequest(), Map.of(), "com.example.none", Payload.EMPTY));
        assertThat(a.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_NO_SUCH_PROCEDURE);
        a.deliver(new Register(a.nextRequest(), Map.of(), "com.example.p"));
        long reg = a.expect(Registered.class).registration();
        b.deliver(new Register(b.nextRequest(), Map.of(), "com.example.p"));
        assertThat(b.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_PROCEDURE_ALREADY_EXISTS);
        b.deliver(new Unregister(b.nextRequest(), reg));
        assertThat(b.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_NO_SUCH_REGISTRATION);
        a.deliver(new Unregister(a.nextRequest(), reg));
        a.expect(Unregistered.class);
        b.deliver(new Call(b.nextRequest(), Map.of(), "com.example.p", Payload.EMPTY));
        assertThat(b.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_NO_SUCH_PROCEDURE);
    }

    @Test
    void invalidUrisAreRefused() {
        TestClient c = joined();
        c.deliver(new Register(c.nextRequest(), Map.of(), "com.Example.upper"));
        assertThat(c.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_INVALID_URI);
        c.deliver(new Register(c.nextRequest(), Map.of(), "wamp.session.count"));
        assertThat(c.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_INVALID_URI);
        c.deliver(new Subscribe(c.nextRequest(), Map.of(), "com..x"));
        assertThat(c.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_INVALID_URI);
        c.deliver(new Publish(c.nextRequest(), Map.of("acknowledge", true), "wamp.x", Payload.EMPTY));
        assertThat(c.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_INVALID_URI);
        c.deliver(new Publish(c.nextRequest(), Map.of(), "bad uri", Payload.EMPTY));
        c.deliver(new Call(c.nextRequest(), Map.of(), "com.x#y", Payload.EMPTY));
        assertThat(c.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_INVALID_URI);
    }

    @Test
    void calleeLeavingCancelsItsPendingCalls() {
        TestClient callee = joined();
        TestClient caller = joined();
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.example.slow"));
        callee.expect(Registered.class);
        long request = caller.nextRequest();
        caller.deliver(new Call(request, Map.of(), "com.example.slow", Payload.EMPTY));
        callee.expect(Invocation.class);
        callee.close(1000, "bye");
        ErrorMessage error = caller.expect(ErrorMessage.class);
        assertThat(error.request()).isEqualTo(request);
        assertThat(error.error()).isEqualTo(WampUris.ERROR_CANCELED);
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.slow", Payload.EMPTY));
        assertThat(caller.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_NO_SUCH_PROCEDURE);
    }

    @Test
    void yieldForAnInvocationNeverSentIsAProtocolViolation() {
        TestClient c = joined();
        c.deliver(new Yield(77, Map.of(), Payload.EMPTY));
        assertThat(c.expect(Abort.class).reason()).isEqualTo(WampUris.ERROR_PROTOCOL_VIOLATION);
    }

    @Test
    void requestIdsMustBeSequential() {
        TestClient c = joined();
        c.deliver(new Subscribe(1, Map.of(), "com.example.a"));
        c.expect(Subscribed.class);
        c.deliver(new Subscribe(3, Map.of(), "com.example.b"));
        Abort abort = c.expect(Abort.class);
        assertThat(abort.reason()).isEqualTo(WampUris.ERROR_PROTOCOL_VIOLATION);
        assertThat(abort.details().get("message").toString()).contains("request id 3 after 1");
    }

    @Test
    void goodbyeIsAnsweredAndTheConnectionCanJoinAgain() {
        TestClient c = joined();
        c.deliver(new Register(c.nextRequest(), Map.of(), "com.example.mine"));
        c.expect(Registered.class);
        c.deliver(new Goodbye(Map.of(), WampUris.CLOSE_NORMAL));
        assertThat(c.expect(Goodbye.class).reason()).isEqualTo(WampUris.CLOSE_GOODBYE_AND_OUT);
        c.join("realm1");
        c.deliver(new Register(c.nextRequest(), Map.of(), "com.example.mine"));
        c.expect(Registered.class);
    }

    @Test
    void removingARealmSaysGoodbyeWithCloseRealm() {
        TestClient c = joined();
        router.removeRealm("realm~1");
        assertThat(c.expect(Goodbye.class).reason()).isEqualTo(WampUris.CLOSE_CLOSE_REALM);
        c.deliver(new Goodbye(Map.of(), WampUris.CLOSE_GOODBYE_AND_OUT));
        c.deliver(new Hello("realm1", Map.of("roles", Map.of("caller", Map.of()))));
        assertThat(c.expect(Abort.class).reason()).isEqualTo(WampUris.ERROR_NO_SUCH_REALM);
    }

    @Test
    void shutdownLetsCallsInFlightFinishThenSaysGoodbye() throws Exception {
        TestClient callee = joined();
        TestClient caller = joined();
        TestClient notJoined = new TestClient(router, json); // connected, HELLO not sent yet
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.example.work"));
        callee.expect(Registered.class);
        long request = caller.nextRequest();
        caller.deliver(new Call(request, Map.of(), "com.example.work", Payload.EMPTY));
        Invocation inv = callee.expect(Invocation.class);

        Thread stopper = new Thread(router::shutdown);
        stopper.start();
        // New handshakes are refused as soon as shutdown begins, and so is a HELLO on a connection already open:
        // ABORT if it comes before the router closes that connection (1001), nothing once it is closed.
        TestClientProbe.awaitRefusal(router);
        notJoined.deliver(new Hello("realm1", Map.of("roles", Map.of("caller", Map.of()))));
        assertThat(notJoined.closed.await(5, TimeUnit.SECONDS)).as("closed").isTrue();
        assertThat(notJoined.closeCode).isEqualTo(1001);
        assertThat(notJoined.inbox).allSatisfy(m -> assertThat(m).isInstanceOfSatisfying(Abort.class,
                a -> assertThat(a.reason()).isEqualTo(WampUris.CLOSE_SYSTEM_SHUTDOWN)));
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.work", Payload.EMPTY));
        assertThat(caller.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_UNAVAILABLE);
        callee.deliver(new Yield(inv.request(), Map.of(), Payload.of("done")));
        assertThat(caller.expect(Result.class).request()).isEqualTo(request);
        assertThat(caller.expect(Goodbye.class).reason()).isEqualTo(WampUris.CLOSE_SYSTEM_SHUTDOWN);
        assertThat(callee.expect(Goodbye.class).reason()).isEqualTo(WampUris.CLOSE_SYSTEM_SHUTDOWN);
        caller.deliver(new Goodbye(Map.of(), WampUris.CLOSE_GOODBYE_AND_OUT));
        callee.deliver(new Goodbye(Map.of(), WampUris.CLOSE_GOODBYE_AND_OUT));
        stopper.join(5000);
        assertThat(stopper.isAlive()).isFalse();
        assertThat(caller.closeCode).isEqualTo(1001);
        assertThat(callee.closeCode).isEqualTo(1001);
    }

    @Test
    void shutdownAnswersCallsThatDoNotFinishInTimeWithCanceled() throws Exception {
        TestClient callee = joined();
        TestClient caller = joined();
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.example.never"));
        callee.expect(Registered.class);
        long request = caller.nextRequest();
        caller.deliver(new Call(request, Map.of(), "com.example.never", Payload.EMPTY));
        callee.expect(Invocation.class);
        router.shutdown(); // returns after the drain (300 ms) and GOODBYE (300 ms) bounds
        ErrorMessage error = caller.expect(ErrorMessage.class);
        assertThat(error.request()).isEqualTo(request);
        assertThat(error.error()).isEqualTo(WampUris.ERROR_CANCELED);
        assertThat(caller.expect(Goodbye.class).reason()).isEqualTo(WampUris.CLOSE_SYSTEM_SHUTDOWN);
        assertThat(caller.closeCode).isEqualTo(1001);
        assertThat(callee.closeCode).isEqualTo(1001);
    }
}
