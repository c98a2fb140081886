package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.api.UriCheck;
import dev.junction.api.WampUris;
import dev.junction.api.admin.RealmView;
import dev.junction.api.admin.RegistrationView;
import dev.junction.api.admin.SessionView;
import dev.junction.api.admin.SubscriptionView;
import dev.junction.api.message.Goodbye;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;

class AdminViewTest extends RouterTestSupport {

    @Test
    void listsRealmsSessionsSubscriptionsAndRegistrations() {
        router.putRealm("realm~2", new RealmSettings("other", UriCheck.LOOSE, false));
        AdminView admin = new AdminView(router);
        TestClient a = joined();
        TestClient b = joinedTo("other", Map.of());
        a.deliver(new Subscribe(a.nextRequest(), Map.of("match", "prefix"), "com.example"));
        long sub = a.expect(Subscribed.class).subscription();
        a.deliver(new Register(a.nextRequest(), Map.of("invoke", "roundrobin"), "com.example.add"));
        long reg = a.expect(Registered.class).registration();
        long aId = router.sessionIdOf(a.handle);
        long bId = router.sessionIdOf(b.handle);

        assertThat(admin.realms()).containsExactly(new RealmView("other", 1, 0, 0, "loose", false),
                new RealmView("realm1", 1, 1, 1, "strict", true));

        List<SessionView> sessions = admin.sessions("realm1");
        assertThat(sessions).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(aId);
            assertThat(s.realm()).isEqualTo("realm1");
            assertThat(s.authrole()).isEqualTo("anonymous");
            assertThat(s.authmethod()).isEqualTo("anonymous");
            assertThat(s.serializer()).isEqualTo("json");
            assertThat(s.joinedAt()).isNotNull();
        });
        assertThat(admin.sessions(null)).extracting(SessionView::id).containsExactlyInAnyOrder(aId, bId);
        assertThat(admin.sessions("nowhere")).isEmpty();

        assertThat(admin.subscriptions(null)).singleElement().satisfies(s -> assertThat(s).isEqualTo(
                new SubscriptionView("realm1", sub, "com.example", "prefix", s.created(), List.of(aId))));
        assertThat(admin.subscriptions("other")).isEmpty();
        assertThat(admin.registrations("realm1")).singleElement().satisfies(r -> assertThat(r).isEqualTo(
                new RegistrationView("realm1", reg, "com.example.add", "exact", "roundrobin", r.created(),
                        List.of(aId))));
    }

    @Test
    void killSendsGoodbyeAndTheSessionLeaves() throws Exception {
        AdminView admin = new AdminView(router);
        TestClient victim = joined();
        TestClient bystander = joined();
        long id = router.sessionIdOf(victim.handle);

        assertThat(admin.kill(id, null)).isTrue();
        assertThat(victim.expect(Goodbye.class).reason()).isEqualTo(WampUris.CLOSE_KILLED);
        // The GOODBYE went out on the timer thread; the session leaves the realm then too.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (admin.sessions("realm1").size() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(admin.sessions("realm1")).extracting(SessionView::id)
                .containsExactly(router.sessionIdOf(bystander.handle));
        bystander.expectNothing();

        assertThat(admin.kill(id, null)).as("gone already").isFalse();
        assertThat(admin.kill(12345L, null)).isFalse();
        assertThatThrownBy(() -> admin.kill(router.sessionIdOf(bystander.handle), "not a uri!"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void killWithAGivenReason() {
        AdminView admin = new AdminView(router);
        TestClient victim = joined();
        assertThat(admin.kill(router.sessionIdOf(victim.handle), "com.example.maintenance")).isTrue();
        assertThat(victim.expect(Goodbye.class).reason()).isEqualTo("com.example.maintenance");
    }

    @Test
    void serializersFromAStringOrAList() {
        assertThat(RouterAdminComponent.serializers("json,msgpack")).containsExactly("json", "msgpack");
        assertThat(RouterAdminComponent.serializers(" json, msgpack ")).containsExactly("json", "msgpack");
        assertThat(RouterAdminComponent.serializers(new String[] {"msgpack"})).containsExactly("msgpack");
        assertThat(RouterAdminComponent.serializers(List.of("json"))).containsExactly("json");
        assertThat(RouterAdminComponent.serializers(null)).isEmpty();
    }
}
