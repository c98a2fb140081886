package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
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
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Unregister;
import dev.junction.api.message.Unregistered;
import dev.junction.api.message.Yield;

/** Pattern-based subscription and registration, shared registration and event retention. */
class PatternsSharingAndRetentionTest extends RouterTestSupport {


    private static long subscribe(TestClient c, String topic, String match) {
        c.deliver(new Subscribe(c.nextRequest(), match == null ? Map.of() : Map.of("match", match), topic));
        return c.expect(Subscribed.class).subscription();
    }

    private static long register(TestClient c, String procedure, Map<String, Object> options) {
        c.deliver(new Register(c.nextRequest(), options, procedure));
        return c.expect(Registered.class).registration();
    }

    @Test
    @Tag("pattern_based_subscription")
    void patternSubscribersGetTheTopicInEventDetails() {
        TestClient sub = joined();
        TestClient pub = joined();
        long exact = subscribe(sub, "com.myapp.user.update", null);
        long prefix = subscribe(sub, "com.myapp", "prefix");
        long wildcard = subscribe(sub, "com..user.update", "wildcard");
        pub.deliver(new Publish(pub.nextRequest(), Map.of("acknowledge", true), "com.myapp.user.update",
                Payload.of("x")));
        long publication = pub.expect(Published.class).publication();
        Map<Long, Event> events = new java.util.HashMap<>();
        for (int i = 0; i < 3; i++) {
            Event e = sub.expect(Event.class);
            assertThat(e.publication()).isEqualTo(publication);
            events.put(e.subscription(), e);
        }
        assertThat(events).containsOnlyKeys(exact, prefix, wildcard);
        assertThat(events.get(exact).details()).doesNotContainKey("topic");
        assertThat(events.get(prefix).details()).containsEntry("topic", "com.myapp.user.update");
        assertThat(events.get(wildcard).details()).containsEntry("topic", "com.myapp.user.update");
        pub.deliver(new Publish(pub.nextRequest(), Map.of(), "org.other", Payload.EMPTY));
        pub.deliver(new Publish(pub.nextRequest(), Map.of(), "com.myapp2", Payload.EMPTY));
        assertThat(sub.expect(Event.class).subscription()).isEqualTo(prefix); // a string prefix
        sub.expectNothing();
    }

    @Test
    @Tag("event_retention")
    void retainedEventsReachNewSubscribersThatAskForThem() {
        TestClient pub = joined();
        pub.deliver(new Publish(pub.nextRequest(), Map.of("retain", true, "acknowledge", true), "com.example.state",
                Payload.of("v1")));
        pub.expect(Published.class);
        pub.deliver(new Publish(pub.nextRequest(), Map.of("retain", true, "acknowledge", true), "com.example.state",
                Payload.of("v2")));
        long publication = pub.expect(Published.class).publication();
        pub.deliver(new Publish(pub.nextRequest(), Map.of("acknowledge", true), "com.example.state",
                Payload.of("not retained")));
        pub.expect(Published.class);

        TestClient sub = joined();
        sub.deliver(new Subscribe(sub.nextRequest(), Map.of("get_retained", true), "com.example.state"));
        long subscription = sub.expect(Subscribed.class).subscription();
        Event event = sub.expect(Event.class);
        assertThat(event.subscription()).isEqualTo(subscription);
        assertThat(event.publication()).isEqualTo(publication);
        assertThat(event.details()).containsEntry("retained", true);
        assertThat(event.payload().args()).containsExactly("v2");

        TestClient pattern = joined();
        pattern.deliver(new Subscribe(pattern.nextRequest(), Map.of("get_retained", true, "match", "prefix"),
                "com.example"));
        pattern.expect(Subscribed.class);
        assertThat(pattern.expect(Event.class).details()).containsEntry("topic", "com.example.state")
                .containsEntry("retained", true);

        TestClient plain = joined();
        subscribe(plain, "com.example.state", null);
        plain.expectNothing();
    }

    @Test
    @Tag("pattern_based_subscription")
    @Tag("pattern_based_registration")
    @Tag("shared_registration")
    void invalidPatternsAndPoliciesAreRefused() {
        TestClient c = joined();
        c.deliver(new Subscribe(c.nextRequest(), Map.of("match", "regex"), "com.x"));
        assertThat(c.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_INVALID_ARGUMENT);
        c.deliver(new Subscribe(c.nextRequest(), Map.of(), "com..x"));
        assertThat(c.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_INVALID_URI);
        subscribe(c, "com..x", "wildcard");
        c.deliver(new Register(c.nextRequest(), Map.of("invoke", "sometimes"), "com.x"));
        assertThat(c.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_INVALID_ARGUMENT);
    }

    @Test
    @Tag("pattern_based_registration")
    void theDealerPrefersExactThenLongestPrefixThenWildcardAndTellsTheProcedure() {
        TestClient exact = joined();
        TestClient prefix = joined();
        TestClient wildcard = joined();
        TestClient caller = joined();
        register(exact, "com.myapp.user.get", Map.of());
        register(prefix, "com.myapp.user", Map.of("match", "prefix"));
        register(wildcard, "com..user.get", Map.of("match", "wildcard"));

        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.myapp.user.get", Payload.EMPTY));
        assertThat(exact.expect(Invocation.class).details()).doesNotContainKey("procedure");
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.myapp.user.list", Payload.EMPTY));
        assertThat(prefix.expect(Invocation.class).details()).containsEntry("procedure", "com.myapp.user.list");
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.other.user.get", Payload.EMPTY));
        assertThat(wildcard.expect(Invocation.class).details()).containsEntry("procedure", "com.other.user.get");
    }

    @Test
    @Tag("shared_registration")
    void roundRobinRotatesOverTheCallees() {
        TestClient a = joined();
        TestClient b = joined();
        TestClient caller = joined();
        long ra = register(a, "com.example.rr", Map.of("invoke", "roundrobin"));
        long rb = register(b, "com.example.rr", Map.of("invoke", "roundrobin"));
        assertThat(rb).isEqualTo(ra);
        List<TestClient> served = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.rr", Payload.EMPTY));
            TestClient callee = a.inbox.isEmpty() ? b : a;
            Invocation inv = callee.expect(Invocation.class);
            callee.deliver(new Yield(inv.request(), Map.of(), Payload.EMPTY));
            caller.expect(Result.class);
            served.add(callee);
        }
        assertThat(served).containsExactly(a, b, a, b);
    }

    @Test
    @Tag("shared_registration")
    void firstAndLastPickByRegistrationOrderAndSurviveDepartures() {
        TestClient a = joined();
        TestClient b = joined();
        TestClient caller = joined();
        long reg = register(a, "com.example.first", Map.of("invoke", "first"));
        register(b, "com.example.first", Map.of("invoke", "first"));
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.first", Payload.EMPTY));
        a.expect(Invocation.class);
        a.deliver(new Unregister(a.nextRequest(), reg));
        a.expect(Unregistered.class);
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.first", Payload.EMPTY));
        b.expect(Invocation.class);

        TestClient c = joined();
        TestClient d = joined();
        register(c, "com.example.last", Map.of("invoke", "last"));
        register(d, "com.example.last", Map.of("invoke", "last"));
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.last", Payload.EMPTY));
        d.expect(Invocation.class);
        c.expectNothing();
    }

    @Test
    @Tag("shared_registration")
    void sharingNeedsTheSamePolicy() {
        TestClient a = joined();
        TestClient b = joined();
        register(a, "com.example.p", Map.of("invoke", "random"));
        b.deliver(new Register(b.nextRequest(), Map.of("invoke", "roundrobin"), "com.example.p"));
        assertThat(b.expect(ErrorMessage.class).error())
                .isEqualTo("wamp.error.procedure_exists_with_different_invocation_policy");
        b.deliver(new Register(b.nextRequest(), Map.of(), "com.example.p"));
        assertThat(b.expect(ErrorMessage.class).error())
                .isEqualTo("wamp.error.procedure_exists_with_different_invocation_policy");
        a.deliver(new Register(a.nextRequest(), Map.of("invoke", "random"), "com.example.p"));
        assertThat(a.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_PROCEDURE_ALREADY_EXISTS);
        register(b, "com.example.p", Map.of("invoke", "random"));
    }
}
