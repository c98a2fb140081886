package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.junction.api.WampUris;
import dev.junction.api.message.Abort;
import dev.junction.api.message.Authenticate;
import dev.junction.api.message.Goodbye;
import dev.junction.api.message.Hello;
import dev.junction.api.message.Welcome;
import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.auth.Authenticator;
import dev.junction.spi.transport.CookieAuth;
import dev.junction.spi.transport.TrackedCookie;

/**
 * The router's part of cookie tracking: anonymous authid = cookie, a {@link AuthOutcome.Pass} hands over to the
 * client's next method, the authentication of a join is remembered on the cookie when the transport enables the
 * {@code cookie} method, and GOODBYE {@code wamp.close.logout} forgets it and closes the other connections.
 */
class CookieSessionTest extends RouterTestSupport {

    /** A cookie as a transport's store keeps it, in memory. */
    static final class Cookie implements TrackedCookie {
        final String id;
        volatile CookieAuth auth;

        Cookie(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Optional<CookieAuth> auth() {
            return Optional.ofNullable(auth);
        }

        @Override
        public void remember(CookieAuth a) {
            auth = a;
        }

        @Override
        public void forget() {
            auth = null;
        }
    }

    /** Admits anyone under the role asked for in HELLO.authrole. */
    private static final Authenticator AS_ASKED = authenticator("asked",
            r -> new AuthOutcome.Accept(r.authid(), r.authrole(), "test", null, Map.of("k", "v")));

    /** The cookie method's contract (its bundle is tested on its own): the remembered auth, else pass. */
    private static final Authenticator COOKIE = authenticator("cookie", r -> r.transport().cookie() == null
            || r.transport().cookie().auth().isEmpty() ? new AuthOutcome.Pass("no remembered authentication")
                    : accept(r.transport().cookie().auth().get()));

    private static AuthOutcome accept(CookieAuth a) {
        return new AuthOutcome.Accept(a.authid(), a.authrole(), "cookie", a.realm(), a.authextra());
    }

    private static Authenticator authenticator(String method,
            java.util.function.Function<AuthRequest, AuthOutcome> answer) {
        return new Authenticator() {
            @Override
            public String method() {
                return method;
            }

            @Override
            public CompletionStage<AuthOutcome> hello(AuthRequest r) {
                return CompletableFuture.completedFuture(answer.apply(r));
            }

            @Override
            public CompletionStage<AuthOutcome> authenticate(AuthRequest r, Object state, Authenticate m) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static final Map<String, Object> AUTH = Map.of("asked.type", "static", "cookie.type", "static");

    @BeforeEach
    void authenticators() {
        router.addAuthenticator("asked", AS_ASKED);
        router.addAuthenticator("cookie", COOKIE);
    }

    private static Hello hello(List<String> methods) {
        return new Hello("realm1", Map.of("authmethods", methods, "authid", "alice", "authrole", "user", "roles",
                Map.of("caller", Map.of())));
    }

    @Test
    void withoutAuthConfigurationTheCookieIsTheAnonymousAuthid() {
        TestClient tracked = new TestClient(router, json, Map.of(), new Cookie("COOKIE123456"));
        assertThat(tracked.join("realm1").details()).containsEntry("authid", "COOKIE123456");
        TestClient untracked = new TestClient(router, json); // control: a random serial
        assertThat((String) untracked.join("realm1").details().get("authid")).matches("[A-Z2-7]{4}(-[A-Z2-7]{4}){3}");
    }

    @Test
    void aCookieWithoutAuthenticationPassesToTheNextMethodAndThenRemembersIt() {
        Cookie cookie = new Cookie("c1");
        TestClient first = new TestClient(router, json, AUTH, cookie);
        first.deliver(hello(List.of("cookie", "asked")));
        Welcome w = first.expect(Welcome.class);
        assertThat(w.details()).containsEntry("authmethod", "asked").containsEntry("authid", "alice");
        assertThat(cookie.auth).isEqualTo(new CookieAuth("alice", "user", "asked", "test", "realm1", Map.of("k", "v")));

        TestClient again = new TestClient(router, json, AUTH, cookie);
        again.deliver(hello(List.of("cookie")));
        assertThat(again.expect(Welcome.class).details()).containsEntry("authmethod", "cookie")
                .containsEntry("authprovider", "cookie").containsEntry("authid", "alice")
                .containsEntry("authrole", "user").containsEntry("authextra", Map.of("k", "v"));
    }

    @Test
    void onlyCookieOfferedWithoutRememberedAuthenticationIsAborted() {
        TestClient c = new TestClient(router, json, AUTH, new Cookie("c2"));
        c.deliver(hello(List.of("cookie")));
        assertThat(c.expect(Abort.class).reason()).isEqualTo(WampUris.ERROR_NO_MATCHING_AUTH_METHOD);
        TestClient control = new TestClient(router, json, AUTH, new Cookie("c3"));
        control.deliver(hello(List.of("cookie", "asked")));
        control.expect(Welcome.class);
    }

    @Test
    void nothingIsRememberedWhenTheTransportDoesNotEnableTheCookieMethod() {
        Cookie cookie = new Cookie("c4");
        TestClient c = new TestClient(router, json, Map.of("asked.type", "static"), cookie);
        c.deliver(hello(List.of("asked")));
        c.expect(Welcome.class);
        assertThat(cookie.auth).isNull();
    }

    @Test
    void logoutForgetsTheCookieAndClosesTheOtherConnectionsSharingIt() throws Exception {
        Cookie cookie = new Cookie("c5");
        TestClient tab1 = new TestClient(router, json, AUTH, cookie);
        tab1.deliver(hello(List.of("asked")));
        tab1.expect(Welcome.class);
        TestClient tab2 = new TestClient(router, json, AUTH, cookie);
        tab2.deliver(hello(List.of("cookie")));
        tab2.expect(Welcome.class);
        TestClient other = new TestClient(router, json, AUTH, new Cookie("c6"));
        other.deliver(hello(List.of("asked")));
        other.expect(Welcome.class);

        tab2.deliver(new Goodbye(Map.of(), WampUris.CLOSE_LOGOUT));
        assertThat(tab2.expect(Goodbye.class).reason()).isEqualTo(WampUris.CLOSE_GOODBYE_AND_OUT);
        assertThat(cookie.auth).isNull();
        Goodbye told = (Goodbye) tab1.inbox.poll(10, TimeUnit.SECONDS);
        assertThat(told.reason()).isEqualTo(WampUris.CLOSE_LOGOUT);
        tab1.deliver(new Goodbye(Map.of(), WampUris.CLOSE_GOODBYE_AND_OUT));
        assertThat(tab1.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(tab2.closeCode).isZero(); // the one that logged out stays connected, and may HELLO again
        other.expectNothing(); // control: a connection with another cookie is untouched
        assertThat(other.closeCode).isZero();

        TestClient later = new TestClient(router, json, AUTH, cookie);
        later.deliver(hello(List.of("cookie")));
        assertThat(later.expect(Abort.class).reason()).isEqualTo(WampUris.ERROR_NO_MATCHING_AUTH_METHOD);
    }
}
