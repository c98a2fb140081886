package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Unregistered;
import dev.junction.api.message.Unsubscribed;
import dev.junction.api.message.Welcome;

/** wamp.registration.remove_callee, wamp.subscription.remove_subscriber, registration and subscription revocation. */
class RevocationTest extends RouterTestSupport {

    private TestClient joinedWith(String role, String feature) {
        TestClient c = new TestClient(router, json);
        c.joinWithFeatures("realm1", Map.of(role, Map.of(feature, true)));
        return c;
    }

    private static Object call(TestClient c, String procedure, Payload payload) {
        c.deliver(new Call(c.nextRequest(), Map.of(), procedure, payload));
        c.expect(Result.class);
        return null;
    }

    @Test
    void welcomeAnnouncesBothRevocationFeatures() {
        TestClient c = new TestClient(router, json);
        Welcome w = c.join("realm1");
        assertThat(w.details().toString()).contains("registration_revocation=true", "subscription_revocation=true");
    }

    @Test
    @Tag("registration_revocation")
    void removeCalleeRevokesTheRegistrationAndTellsOnlyAnnouncingCallees() {
        TestClient announcing = joinedWith("callee", "registration_revocation");
        TestClient silent = joined();
        TestClient admin = joined();
        TestClient caller = joined();
        announcing.deliver(new Register(announcing.nextRequest(), Map.of("invoke", "roundrobin"), "com.example.p"));
        long reg = announcing.expect(Registered.class).registration();
        silent.deliver(new Register(silent.nextRequest(), Map.of("invoke", "roundrobin"), "com.example.p"));
        assertThat(silent.expect(Registered.class).registration()).isEqualTo(reg);

        long announcingId = router.sessionIdOf(announcing.handle);
        long silentId = router.sessionIdOf(silent.handle);
        admin.deliver(new Call(admin.nextRequest(), Map.of(), "wamp.registration.remove_callee",
                Payload.of(List.of(reg, announcingId), Map.of("reason", "moving"))));
        admin.expect(Result.class);
        Unregistered revoked = announcing.expect(Unregistered.class);
        assertThat(revoked.request()).isZero();
        assertThat(revoked.details()).containsEntry("registration", reg).containsEntry("reason", "moving");

        // The other callee serves every call now (positive control: calls still work).
        for (int i = 0; i < 2; i++) {
            caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.p", Payload.EMPTY));
            silent.expect(Invocation.class);
        }
        announcing.expectNothing();

        // A callee that did not announce the feature is removed without a message.
        admin.deliver(new Call(admin.nextRequest(), Map.of(), "wamp.registration.remove_callee",
                Payload.of(reg, silentId)));
        admin.expect(Result.class);
        silent.expectNothing();
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.p", Payload.EMPTY));
        assertThat(caller.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_NO_SUCH_PROCEDURE);

        // Unknown registration, or a session that is not its callee.
        admin.deliver(new Call(admin.nextRequest(), Map.of(), "wamp.registration.remove_callee",
                Payload.of(reg, silentId)));
        assertThat(admin.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_NO_SUCH_REGISTRATION);
        admin.deliver(new Call(admin.nextRequest(), Map.of(), "wamp.registration.remove_callee",
                Payload.of(reg, 12345L)));
        assertThat(admin.expect(ErrorMessage.class).error()).isIn(WampUris.ERROR_NO_SUCH_REGISTRATION,
                WampUris.ERROR_NO_SUCH_SESSION);
    }

    @Test
    @Tag("subscription_revocation")
    void removeSubscriberRevokesTheSubscriptionAndNoEventFollows() {
        TestClient announcing = joinedWith("subscriber", "subscription_revocation");
        TestClient silent = joined();
        TestClient admin = joined();
        TestClient publisher = joined();
        announcing.deliver(new Subscribe(announcing.nextRequest(), Map.of(), "com.example.t"));
        long sub = announcing.expect(Subscribed.class).subscription();
        silent.deliver(new Subscribe(silent.nextRequest(), Map.of(), "com.example.t"));
        silent.expect(Subscribed.class);

        admin.deliver(new Call(admin.nextRequest(), Map.of(), "wamp.subscription.remove_subscriber",
                Payload.of(List.of(sub, router.sessionIdOf(announcing.handle)), Map.of("reason", "bye"))));
        admin.expect(Result.class);
        Unsubscribed revoked = announcing.expect(Unsubscribed.class);
        assertThat(revoked.request()).isZero();
        assertThat(revoked.details()).containsEntry("subscription", sub).containsEntry("reason", "bye");

        publisher.deliver(new Publish(publisher.nextRequest(), Map.of(), "com.example.t", Payload.of("e")));
        silent.expect(Event.class); // positive control
        announcing.expectNothing();

        admin.deliver(new Call(admin.nextRequest(), Map.of(), "wamp.subscription.remove_subscriber",
                Payload.of(sub, router.sessionIdOf(silent.handle))));
        admin.expect(Result.class);
        silent.expectNothing(); // did not announce subscription_revocation
        publisher.deliver(new Publish(publisher.nextRequest(), Map.of(), "com.example.t", Payload.of("e")));
        silent.expectNothing();

        admin.deliver(new Call(admin.nextRequest(), Map.of(), "wamp.subscription.remove_subscriber",
                Payload.of(sub, router.sessionIdOf(silent.handle))));
        assertThat(admin.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_NO_SUCH_SUBSCRIPTION);
    }
}
