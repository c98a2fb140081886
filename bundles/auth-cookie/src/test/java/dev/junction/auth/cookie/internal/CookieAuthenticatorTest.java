package dev.junction.auth.cookie.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.transport.CookieAuth;
import dev.junction.spi.transport.HandshakeRequest;
import dev.junction.spi.transport.TrackedCookie;

class CookieAuthenticatorTest {

    private static final CookieAuth ALICE = new CookieAuth("alice", "user", "ticket", "static", "realm1",
            Map.of("plan", "gold"));

    private static TrackedCookie cookie(CookieAuth auth) {
        return new TrackedCookie() {
            @Override
            public String id() {
                return "abcdefabcdef";
            }

            @Override
            public Optional<CookieAuth> auth() {
                return Optional.ofNullable(auth);
            }

            @Override
            public void remember(CookieAuth a) {
            }

            @Override
            public void forget() {
            }
        };
    }

    private static AuthOutcome hello(String realm, TrackedCookie cookie) {
        HandshakeRequest transport = new HandshakeRequest("t1", "websocket", "tcp4:127.0.0.1:1", false, "/ws",
                Map.of(), List.of(), null, Map.of("cookie.type", "static"), cookie);
        AuthRequest request = new AuthRequest(realm, 1, null, null, Map.of(), Map.of(), transport,
                Map.of("type", "static"));
        return new CookieAuthenticator().hello(request).toCompletableFuture().join();
    }

    @Test
    void aCookieThatRemembersAnAuthenticationAdmitsAsThatSessionWithProviderCookie() {
        assertThat(hello("realm1", cookie(ALICE)))
                .isEqualTo(new AuthOutcome.Accept("alice", "user", "cookie", "realm1", Map.of("plan", "gold")));
    }

    @Test
    void noCookieAnEmptyCookieOrAnotherRealmPassToTheNextMethod() {
        assertThat(hello("realm1", null)).isInstanceOf(AuthOutcome.Pass.class);
        assertThat(hello("realm1", cookie(null))).isInstanceOf(AuthOutcome.Pass.class);
        assertThat(hello("realm2", cookie(ALICE))).isInstanceOf(AuthOutcome.Pass.class);
        assertThat(hello("realm1", cookie(ALICE))).isInstanceOf(AuthOutcome.Accept.class); // control
    }
}
