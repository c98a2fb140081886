package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.junction.api.UriCheck;
import dev.junction.api.WampUris;
import dev.junction.api.message.Call;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Event;
import dev.junction.api.message.Goodbye;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.WampMessage;

class MetaApiTest extends RouterTestSupport {
    @BeforeEach
    void moreRealms() {
        router.putRealm("realm~2", new RealmSettings("quiet", UriCheck.STRICT, false));
    }


    private static Object call(TestClient c, String procedure, Payload payload) {
        c.deliver(new Call(c.nextRequest(), Map.of(), procedure, payload));
        List<Object> args = c.expect(Result.class).payload().args();
        return args.isEmpty() ? null : args.get(0);
    }

    private static String error(TestClient c, String procedure, Payload payload) {
        c.deliver(new Call(c.nextRequest(), Map.of(), procedure, payload));
        return c.expect(ErrorMessage.class).error();
    }

    @Test
    @Tag("session_meta_api")
    void sessionProceduresAndEvents() {
        TestClient watcher = joined();
        watcher.deliver(new Subscribe(watcher.nextRequest(), Map.of(), "wamp.session.on_join"));
        watcher.expect(Subscribed.class);
        watcher.deliver(new Subscribe(watcher.nextRequest(), Map.of(), "wamp.session.on_leave"));
        watcher.expect(Subscribed.class);

        TestClient other = joined();
        long otherId = router.sessionIdOf(other.handle);
        @SuppressWarnings("unchecked")
        Map<String, Object> joined = (Map<String, Object>) watcher.expect(Event.class).payload().args().get(0);
        assertThat(joined).containsEntry("session", otherId).containsEntry("authrole", "anonymous")
                .containsKey("transport");

        assertThat(call(watcher, "wamp.session.count", Payload.EMPTY)).isEqualTo(2);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) call(watcher, "wamp.session.list", Payload.EMPTY);
        assertThat(list).hasSize(2).contains(otherId);
        assertThat(call(watcher, "wamp.session.count", Payload.of(List.of("nobody")))).isEqualTo(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> got = (Map<String, Object>) call(watcher, "wamp.session.get", Payload.of(otherId));
        assertThat(got).containsEntry("session", otherId);
        assertThat(error(watcher, "wamp.session.get", Payload.of(42L))).isEqualTo(WampUris.ERROR_NO_SUCH_SESSION);
        // wampy.js over MsgPack sends ids beyond 32 bits as float64: an integral value is still the id
        @SuppressWarnings("unchecked")
        Map<String, Object> byFloat = (Map<String, Object>) call(watcher, "wamp.session.get",
                Payload.of((double) otherId));
        assertThat(byFloat).containsEntry("session", otherId);
        // 1.5, not otherId + 0.5: above 2^52 a double has no room for the half and the sum is an integral id
        assertThat(error(watcher, "wamp.session.get", Payload.of(1.5))).isEqualTo(
                WampUris.ERROR_INVALID_ARGUMENT);

        watcher.deliver(new Call(watcher.nextRequest(), Map.of(), "wamp.session.kill", Payload.of(otherId)));
        Goodbye goodbye = other.expect(Goodbye.class);
        // the spec's default reason (Crossbar's differs), and no message unless one is given
        assertThat(goodbye.reason()).isEqualTo(WampUris.CLOSE_NORMAL);
        assertThat(goodbye.details()).doesNotContainKey("message");
        // The RESULT and the on_leave event, in either order.
        List<WampMessage> answers = List.of(watcher.expect(WampMessage.class), watcher.expect(WampMessage.class));
        assertThat(answers).filteredOn(m -> m instanceof Result).hasSize(1);
        assertThat(answers).filteredOn(m -> m instanceof Event)
                .singleElement().satisfies(m -> assertThat(((Event) m).payload().args().get(0)).isEqualTo(otherId));
        assertThat(call(watcher, "wamp.session.count", Payload.EMPTY)).isEqualTo(1);
        long self = router.sessionIdOf(watcher.handle);
        // "no *other* session with that id exists"
        assertThat(error(watcher, "wamp.session.kill", Payload.of(self))).isEqualTo(WampUris.ERROR_NO_SUCH_SESSION);
    }

    @Test
    @Tag("session_meta_api")
    void killByAuthidAndAuthroleAnswerTheCountAndSpareTheCaller() {
        TestClient killer = joined();
        TestClient a = joined();
        TestClient b = joined();
        @SuppressWarnings("unchecked")
        String authidOfA = (String) ((Map<String, Object>) call(killer, "wamp.session.get",
                Payload.of(router.sessionIdOf(a.handle)))).get("authid");
        killer.deliver(new Call(killer.nextRequest(), Map.of(), "wamp.session.kill_by_authid",
                Payload.of(List.of(authidOfA), Map.of("reason", "com.example.go_away", "message", "bye"))));
        assertThat(killer.expect(Result.class).payload().args()).containsExactly(1);
        Goodbye goodbye = a.expect(Goodbye.class);
        assertThat(goodbye.reason()).isEqualTo("com.example.go_away");
        assertThat(goodbye.details()).containsEntry("message", "bye");
        b.expectNothing();
        // a reason that is no URI: wamp.error.invalid_uri, nobody is killed (b still answers below)
        assertThat(error(killer, "wamp.session.kill_by_authrole", Payload.of(List.of("anonymous"),
                Map.of("reason", "not a uri")))).isEqualTo(WampUris.ERROR_INVALID_URI);
        // every other anonymous session: b only (a has left), never the caller
        assertThat(call(killer, "wamp.session.kill_by_authrole", Payload.of("anonymous"))).isEqualTo(1);
        assertThat(b.expect(Goodbye.class).reason()).isEqualTo(WampUris.CLOSE_NORMAL);
        assertThat(call(killer, "wamp.session.kill_all", Payload.EMPTY)).isEqualTo(0);
        assertThat(call(killer, "wamp.session.count", Payload.EMPTY)).isEqualTo(1);
    }

    @Test
    @Tag("registration_meta_api")
    @Tag("subscription_meta_api")
    void registrationAndSubscriptionProcedures() {
        TestClient callee = joined();
        TestClient c = joined();
        callee.deliver(new Register(callee.nextRequest(), Map.of("match", "prefix"), "com.example"));
        long reg = callee.expect(Registered.class).registration();
        callee.deliver(new Subscribe(callee.nextRequest(), Map.of(), "com.example.topic"));
        long sub = callee.expect(Subscribed.class).subscription();
        long calleeId = router.sessionIdOf(callee.handle);

        assertThat(call(c, "wamp.registration.list", Payload.EMPTY)).isEqualTo(
                Map.of("exact", List.of(), "prefix", List.of(reg), "wildcard", List.of()));
        assertThat(call(c, "wamp.registration.lookup", Payload.of("com.example"))).isNull();
        assertThat(call(c, "wamp.registration.lookup", Payload.of("com.example", Map.of("match", "prefix"))))
                .isEqualTo(reg);
        assertThat(call(c, "wamp.registration.match", Payload.of("com.example.add"))).isEqualTo(reg);
        assertThat(call(c, "wamp.registration.list_callees", Payload.of(reg))).isEqualTo(List.of(calleeId));
        assertThat(call(c, "wamp.registration.count_callees", Payload.of(reg))).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> got = (Map<String, Object>) call(c, "wamp.registration.get", Payload.of(reg));
        assertThat(got).containsEntry("uri", "com.example").containsEntry("match", "prefix")
                .containsEntry("invoke", "single").containsKey("created");
        assertThat(error(c, "wamp.registration.get", Payload.of(999L)))
                .isEqualTo(WampUris.ERROR_NO_SUCH_REGISTRATION);

        assertThat(call(c, "wamp.subscription.match", Payload.of("com.example.topic"))).isEqualTo(List.of(sub));
        assertThat(call(c, "wamp.subscription.count_subscribers", Payload.of(sub))).isEqualTo(1);
        assertThat(call(c, "wamp.subscription.list_subscribers", Payload.of(sub))).isEqualTo(List.of(calleeId));
        assertThat(error(c, "wamp.subscription.get", Payload.of(999L))).isEqualTo(WampUris.ERROR_NO_SUCH_SUBSCRIPTION);
        assertThat(error(c, "wamp.nothing.here", Payload.EMPTY)).isEqualTo(WampUris.ERROR_NO_SUCH_PROCEDURE);
    }

    @Test
    @Tag("registration_meta_api")
    void registrationEventsReachMetaSubscribers() {
        TestClient watcher = joined();
        for (String topic : List.of("wamp.registration.on_create", "wamp.registration.on_register",
                "wamp.registration.on_unregister", "wamp.registration.on_delete")) {
            watcher.deliver(new Subscribe(watcher.nextRequest(), Map.of(), topic));
            watcher.expect(Subscribed.class);
        }
        TestClient callee = joined();
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.example.p"));
        long reg = callee.expect(Registered.class).registration();
        @SuppressWarnings("unchecked")
        Map<String, Object> created = (Map<String, Object>) watcher.expect(Event.class).payload().args().get(1);
        assertThat(created).containsEntry("id", reg).containsEntry("uri", "com.example.p");
        assertThat(watcher.expect(Event.class).payload().args().get(1)).isEqualTo(reg); // on_register
        callee.close(1000, "gone");
        assertThat(watcher.expect(Event.class).payload().args().get(1)).isEqualTo(reg); // on_unregister
        assertThat(watcher.expect(Event.class).payload().args().get(1)).isEqualTo(reg); // on_delete
    }

    @Test
    @Tag("subscription_meta_api")
    void subscriptionEventsReachMetaSubscribers() {
        TestClient watcher = joined();
        for (String topic : List.of("wamp.subscription.on_create", "wamp.subscription.on_subscribe",
                "wamp.subscription.on_unsubscribe", "wamp.subscription.on_delete")) {
            watcher.deliver(new Subscribe(watcher.nextRequest(), Map.of(), topic));
        }
        // the watcher's own subscriptions are subscription events too: routing is synchronous, drop them all
        assertThat(watcher.inbox).filteredOn(m -> m instanceof Subscribed).hasSize(4);
        watcher.inbox.clear();
        TestClient first = joined();
        TestClient second = joined();
        long firstId = router.sessionIdOf(first.handle);
        long secondId = router.sessionIdOf(second.handle);
        first.deliver(new Subscribe(first.nextRequest(), Map.of("match", "prefix"), "com.example"));
        long sub = first.expect(Subscribed.class).subscription();
        List<Object> created = watcher.expect(Event.class).payload().args();
        assertThat(created.get(0)).isEqualTo(firstId);
        @SuppressWarnings("unchecked")
        Map<String, Object> description = (Map<String, Object>) created.get(1);
        assertThat(description).containsEntry("id", sub).containsEntry("uri", "com.example")
                .containsEntry("match", "prefix");
        assertThat(watcher.expect(Event.class).payload().args()).containsExactly(firstId, sub); // on_subscribe
        second.deliver(new Subscribe(second.nextRequest(), Map.of("match", "prefix"), "com.example"));
        assertThat(second.expect(Subscribed.class).subscription()).isEqualTo(sub);
        // the second subscriber creates nothing: on_subscribe only
        assertThat(watcher.expect(Event.class).payload().args()).containsExactly(secondId, sub);
        watcher.expectNothing();
        first.close(1000, "gone");
        assertThat(watcher.expect(Event.class).payload().args()).containsExactly(firstId, sub); // on_unsubscribe
        watcher.expectNothing(); // not deleted while the second subscribes
        second.deliver(new dev.junction.api.message.Unsubscribe(second.nextRequest(), sub));
        second.expect(dev.junction.api.message.Unsubscribed.class);
        assertThat(watcher.expect(Event.class).payload().args()).containsExactly(secondId, sub); // on_unsubscribe
        assertThat(watcher.expect(Event.class).payload().args()).containsExactly(secondId, sub); // on_delete
    }

    @Test
    @Tag("testament_meta_api")
    void testamentsArePublishedWhenTheSessionLeaves() {
        TestClient watcher = joined();
        watcher.deliver(new Subscribe(watcher.nextRequest(), Map.of(), "com.example.last_words"));
        watcher.expect(Subscribed.class);
        TestClient dying = joined();
        assertThat(call(dying, "wamp.session.add_testament", Payload.of(List.of("com.example.last_words",
                List.of("bye"), Map.of("who", "dying")), null))).isNull();
        assertThat(call(dying, "wamp.session.add_testament", Payload.of(List.of("com.example.last_words",
                List.of("flushed")), null))).isNull();
        assertThat(error(dying, "wamp.session.add_testament", Payload.of("bad uri"))).isEqualTo(
                WampUris.ERROR_INVALID_URI);
        // flush_testaments removes testaments of the scope (default destroyed) without publishing them.
        assertThat(call(dying, "wamp.session.flush_testaments", Payload.EMPTY)).isEqualTo(2);
        assertThat(call(dying, "wamp.session.add_testament", Payload.of(List.of("com.example.last_words",
                List.of("bye"), Map.of("who", "dying")), null))).isNull();
        watcher.expectNothing();
        dying.close(1006, "gone");
        Event event = watcher.expect(Event.class);
        assertThat(event.payload().args()).containsExactly("bye");
        assertThat(event.payload().kwargs()).containsEntry("who", "dying");
    }

    @Test
    void aRealmWithoutTheMetaApiHasNoMetaProcedures() {
        TestClient c = joinedTo("quiet", Map.of());
        assertThat(error(c, "wamp.session.count", Payload.EMPTY)).isEqualTo(WampUris.ERROR_NO_SUCH_PROCEDURE);
    }
}
