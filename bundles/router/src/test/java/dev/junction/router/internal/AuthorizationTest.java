package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.junction.api.WampUris;
import dev.junction.api.message.Abort;
import dev.junction.api.message.Authenticate;
import dev.junction.api.message.Call;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Event;
import dev.junction.api.message.Hello;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Published;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Welcome;
import dev.junction.api.message.Yield;
import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.auth.Authenticator;

/**
 * Roles and permissions per realm: the permission matrix (each action, each match kind), joining under a role, one
 * disclosure rule, the reserved role {@code trusted}, and roles changing while sessions are joined.
 */
class AuthorizationTest extends RouterTestSupport {

    /** Admits anyone under the role asked for in HELLO.authrole (the authenticators are not what is tested here). */
    private static final Authenticator AS_ASKED = new Authenticator() {
        @Override
        public String method() {
            return "asked";
        }

        @Override
        public CompletionStage<AuthOutcome> hello(AuthRequest r) {
            return CompletableFuture.completedFuture(
                    new AuthOutcome.Accept(r.authid(), r.authrole(), "test", null, Map.of()));
        }

        @Override
        public CompletionStage<AuthOutcome> authenticate(AuthRequest r, Object state, Authenticate m) {
            throw new UnsupportedOperationException();
        }
    };

    @BeforeEach
    void authenticator() {
        router.addAuthenticator("asked", AS_ASKED);
    }

    private void role(String pid, String name, String... permissions) {
        assertThat(router.putRole(pid, "realm1", new StaticRole(name,
                List.of(permissions).stream().map(Permission::parse).toList()))).isNull();
    }

    private TestClient as(String role) {
        TestClient c = new TestClient(router, json, Map.of("asked.type", "static"));
        c.deliver(new Hello("realm1", Map.of("authmethods", List.of("asked"), "authid", role + "-user", "authrole",
                role, "roles", Map.of("caller", Map.of(), "callee", Map.of(), "publisher", Map.of(), "subscriber",
                        Map.of()))));
        Welcome w = c.expect(Welcome.class);
        assertThat(w.details()).containsEntry("authrole", role);
        return c;
    }

    private static String error(TestClient c) {
        return c.expect(ErrorMessage.class).error();
    }

    @Test
    void aRealmWithoutRolesIsOpenToEveryRole() {
        TestClient c = as("whoever");
        c.deliver(new Register(c.nextRequest(), Map.of(), "com.a.proc"));
        c.expect(Registered.class);
        c.deliver(new Subscribe(c.nextRequest(), Map.of(), "com.a.topic"));
        c.expect(Subscribed.class);
    }

    @Test
    void joiningUnderARoleTheRealmDoesNotHaveIsAborted() {
        role("r1", "user", "com.* allow=all");
        TestClient c = new TestClient(router, json, Map.of("asked.type", "static"));
        c.deliver(new Hello("realm1", Map.of("authmethods", List.of("asked"), "authid", "x", "authrole", "admin",
                "roles", Map.of("caller", Map.of()))));
        assertThat(c.expect(Abort.class).reason()).isEqualTo(WampUris.ERROR_NO_SUCH_ROLE);
        as("user"); // positive control
        as("trusted"); // reserved: always admitted
        // anonymous (no auth configuration) has role "anonymous", which this realm now lacks
        TestClient anonymous = new TestClient(router, json);
        anonymous.deliver(new Hello("realm1", Map.of("roles", Map.of("caller", Map.of()))));
        assertThat(anonymous.expect(Abort.class).reason()).isEqualTo(WampUris.ERROR_NO_SUCH_ROLE);
    }

    @Test
    void permissionMatrixEachActionEachMatchKind() {
        role("r1", "user",
                "com.exact.proc allow=call",
                "com.prefix.* allow=subscribe,publish",
                "com.*.wild allow=register",
                "com.all.* allow=all");
        TestClient owner = as("trusted");
        TestClient u = as("user");

        // call: exact allowed, prefix not (only exact listed), meta API too (wamp.* needs a permission as well)
        owner.deliver(new Register(owner.nextRequest(), Map.of(), "com.exact.proc"));
        owner.expect(Registered.class);
        u.deliver(new Call(u.nextRequest(), Map.of(), "com.exact.proc", Payload.EMPTY));
        Invocation inv = owner.expect(Invocation.class);
        owner.deliver(new Yield(inv.request(), Map.of(), Payload.EMPTY));
        u.expect(dev.junction.api.message.Result.class);
        u.deliver(new Call(u.nextRequest(), Map.of(), "com.exact.proc.more", Payload.EMPTY));
        assertThat(error(u)).isEqualTo(WampUris.ERROR_NOT_AUTHORIZED);
        u.deliver(new Call(u.nextRequest(), Map.of(), "wamp.session.count", Payload.EMPTY));
        assertThat(error(u)).isEqualTo(WampUris.ERROR_NOT_AUTHORIZED);

        // subscribe and publish by prefix
        u.deliver(new Subscribe(u.nextRequest(), Map.of(), "com.prefix.news"));
        u.expect(Subscribed.class);
        u.deliver(new Publish(u.nextRequest(), Map.of("acknowledge", true, "exclude_me", false), "com.prefix.news",
                Payload.of("hi")));
        u.expect(Event.class);
        u.expect(Published.class);
        u.deliver(new Subscribe(u.nextRequest(), Map.of(), "com.exact.proc"));
        assertThat(error(u)).isEqualTo(WampUris.ERROR_NOT_AUTHORIZED);
        u.deliver(new Publish(u.nextRequest(), Map.of("acknowledge", true), "com.exact.proc", Payload.EMPTY));
        assertThat(error(u)).isEqualTo(WampUris.ERROR_NOT_AUTHORIZED);
        // an unacknowledged publication that is denied is dropped without an answer (the spec sends none)
        u.deliver(new Publish(u.nextRequest(), Map.of(), "com.exact.proc", Payload.EMPTY));

        // register by wildcard
        u.deliver(new Register(u.nextRequest(), Map.of(), "com.any.wild"));
        u.expect(Registered.class);
        u.deliver(new Register(u.nextRequest(), Map.of(), "com.any.tame"));
        assertThat(error(u)).isEqualTo(WampUris.ERROR_NOT_AUTHORIZED);
        // a pattern registration is authorized on its pattern as written
        u.deliver(new Register(u.nextRequest(), Map.of("match", "prefix"), "com.all"));
        assertThat(error(u)).isEqualTo(WampUris.ERROR_NOT_AUTHORIZED);
        u.deliver(new Register(u.nextRequest(), Map.of("match", "prefix"), "com.all.x"));
        u.expect(Registered.class);
        u.expectNothing();
    }

    @Test
    void aRoleWithoutPermissionsCanDoNothing() {
        role("r1", "nobody");
        TestClient c = as("nobody");
        c.deliver(new Subscribe(c.nextRequest(), Map.of(), "com.a"));
        assertThat(error(c)).isEqualTo(WampUris.ERROR_NOT_AUTHORIZED);
        c.deliver(new Register(c.nextRequest(), Map.of(), "com.a"));
        assertThat(error(c)).isEqualTo(WampUris.ERROR_NOT_AUTHORIZED);
        c.deliver(new Call(c.nextRequest(), Map.of(), "com.a", Payload.EMPTY));
        assertThat(error(c)).isEqualTo(WampUris.ERROR_NOT_AUTHORIZED);
    }

    @Test
    @Tag("caller_identification")
    @Tag("publisher_identification")
    void disclosureOneRuleEverywhere() {
        role("r1", "shy", "com.* allow=all conceal=caller,publisher");
        role("r2", "open", "com.* allow=all");
        role("r3", "loud", "com.* allow=all disclose=caller,publisher");
        TestClient callee = as("trusted");
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.proc"));
        callee.expect(Registered.class);

        // a concealing role refuses disclose_me ...
        TestClient shy = as("shy");
        shy.deliver(new Call(shy.nextRequest(), Map.of("disclose_me", true), "com.proc", Payload.EMPTY));
        assertThat(error(shy)).isEqualTo(Decision.ERROR_DISCLOSE_ME_DISALLOWED);
        shy.deliver(new Publish(shy.nextRequest(), Map.of("acknowledge", true, "disclose_me", true), "com.t",
                Payload.EMPTY));
        assertThat(error(shy)).isEqualTo(Decision.ERROR_DISCLOSE_ME_DISALLOWED);
        // ... and calls without it go through undisclosed
        shy.deliver(new Call(shy.nextRequest(), Map.of(), "com.proc", Payload.EMPTY));
        assertThat(callee.expect(Invocation.class).details()).doesNotContainKey("caller");

        // the default discloses on request only
        TestClient open = as("open");
        open.deliver(new Call(open.nextRequest(), Map.of(), "com.proc", Payload.EMPTY));
        assertThat(callee.expect(Invocation.class).details()).doesNotContainKey("caller");
        open.deliver(new Call(open.nextRequest(), Map.of("disclose_me", true), "com.proc", Payload.EMPTY));
        assertThat(callee.expect(Invocation.class).details()).containsEntry("caller_authrole", "open");

        // a disclosing role discloses unasked
        TestClient loud = as("loud");
        loud.deliver(new Call(loud.nextRequest(), Map.of(), "com.proc", Payload.EMPTY));
        assertThat(callee.expect(Invocation.class).details()).containsEntry("caller_authrole", "loud");
        TestClient sub = as("open");
        sub.deliver(new Subscribe(sub.nextRequest(), Map.of(), "com.t"));
        sub.expect(Subscribed.class);
        loud.deliver(new Publish(loud.nextRequest(), Map.of(), "com.t", Payload.EMPTY));
        assertThat(sub.expect(Event.class).details()).containsEntry("publisher_authrole", "loud");
    }

    @Test
    void roleChangesApplyToJoinedSessionsAtOnce() {
        role("r1", "user", "com.* allow=subscribe");
        TestClient u = as("user");
        u.deliver(new Subscribe(u.nextRequest(), Map.of(), "com.a"));
        u.expect(Subscribed.class);

        role("r1", "user", "com.b allow=subscribe"); // same configuration, narrower
        u.deliver(new Subscribe(u.nextRequest(), Map.of(), "com.c"));
        assertThat(error(u)).isEqualTo(WampUris.ERROR_NOT_AUTHORIZED);
        u.deliver(new Subscribe(u.nextRequest(), Map.of(), "com.b"));
        u.expect(Subscribed.class);

        role("r2", "other", "x allow=call");
        router.removeRole("r1"); // the realm still has roles, but not this one: nothing more allowed
        u.deliver(new Subscribe(u.nextRequest(), Map.of(), "com.b"));
        assertThat(error(u)).isEqualTo(WampUris.ERROR_NOT_AUTHORIZED);

        router.removeRole("r2"); // no role left: the realm is open again
        u.deliver(new Subscribe(u.nextRequest(), Map.of(), "com.c"));
        u.expect(Subscribed.class);
    }

    @Test
    void aRoleNameIsConfiguredOncePerRealm() {
        role("r1", "user", "a allow=call");
        assertThat(router.putRole("r2", "realm1", new StaticRole("user", List.of())))
                .contains("already configured by r1");
        assertThat(router.putRole("r2", "realm2", new StaticRole("user", List.of()))).isNull();
    }

    @Test
    void rolesConfiguredBeforeTheirRealmApplyWhenItAppears() {
        assertThat(router.putRole("r1", "later", new StaticRole("user", List.of()))).isNull();
        router.putRealm("realm~later", new RealmSettings("later", dev.junction.api.UriCheck.STRICT));
        TestClient anonymous = new TestClient(router, json);
        anonymous.deliver(new Hello("later", Map.of("roles", Map.of("caller", Map.of()))));
        assertThat(anonymous.expect(Abort.class).reason()).isEqualTo(WampUris.ERROR_NO_SUCH_ROLE);
    }
}
