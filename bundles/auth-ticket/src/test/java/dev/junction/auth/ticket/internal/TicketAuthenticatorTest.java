package dev.junction.auth.ticket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import dev.junction.api.message.Authenticate;
import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.auth.Principal;
import dev.junction.spi.auth.PrincipalStore;
import dev.junction.spi.call.CallFailedException;
import dev.junction.spi.call.CallResult;
import dev.junction.spi.call.InternalCaller;
import dev.junction.spi.transport.HandshakeRequest;

class TicketAuthenticatorTest {
    private static final Principal ALICE = new Principal("alice", null, "user", "s3cret", null, null, 1000, 32,
            List.of(), List.of("t1"));

    private static final PrincipalStore STORE = new PrincipalStore() {
        @Override
        public Optional<Principal> byAuthid(String authid, String realm, String transportId) {
            return ALICE.authid().equals(authid) && ALICE.validFor(realm, transportId) ? Optional.of(ALICE)
                    : Optional.empty();
        }

        @Override
        public Optional<Principal> byPublicKey(String publicKeyHex, String realm, String transportId) {
            return Optional.empty();
        }
    };

    static AuthRequest request(String transportId, String authid, Map<String, Object> config) {
        HandshakeRequest transport = new HandshakeRequest(transportId, "websocket", "127.0.0.1:1", false, "/ws",
                Map.of(), List.of(), null, Map.of());
        return new AuthRequest("realm1", 7, authid, null, Map.of(), Map.of(), transport, config);
    }

    private static AuthOutcome run(CompletionStage<AuthOutcome> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void rightTicketJoinsWrongTicketFails() {
        TicketAuthenticator auth = new TicketAuthenticator(STORE, null);
        AuthRequest req = request("t1", "alice", Map.of("type", "static"));
        AuthOutcome.Challenge c = (AuthOutcome.Challenge) run(auth.hello(req));
        assertThat(c.extra()).isEmpty();
        assertThat(run(auth.authenticate(req, c.state(), new Authenticate("s3cret", Map.of()))))
                .isEqualTo(new AuthOutcome.Accept("alice", "user", "static", null, Map.of()));
        AuthOutcome.Challenge c2 = (AuthOutcome.Challenge) run(auth.hello(req));
        assertThat(run(auth.authenticate(req, c2.state(), new Authenticate("s3cre", Map.of()))))
                .isEqualTo(new AuthOutcome.Reject("wamp.error.authentication_failed", "wrong ticket for 'alice'"));
    }

    @Test
    void unknownAuthidAndOtherTransportAreNoSuchPrincipal() {
        TicketAuthenticator auth = new TicketAuthenticator(STORE, null);
        assertThat(((AuthOutcome.Reject) run(auth.hello(request("t1", "bob", Map.of())))).reason())
                .isEqualTo("wamp.error.no_such_principal");
        // alice is valid on transport t1 only
        assertThat(((AuthOutcome.Reject) run(auth.hello(request("t2", "alice", Map.of())))).reason())
                .isEqualTo("wamp.error.no_such_principal");
        assertThat(((AuthOutcome.Reject) run(auth.hello(request("t1", null, Map.of())))).reason())
                .isEqualTo("wamp.error.no_such_principal");
        assertThat(run(auth.hello(request("t1", "alice", Map.of())))).isInstanceOf(AuthOutcome.Challenge.class);
    }

    @Test
    void withoutAPrincipalStoreStaticTicketsFailClearly() {
        TicketAuthenticator auth = new TicketAuthenticator(null, null);
        assertThat(((AuthOutcome.Reject) run(auth.hello(request("t1", "alice", Map.of())))).reason())
                .isEqualTo("wamp.error.no_such_principal");
    }

    @Test
    void dynamicAuthenticatorGetsRealmAuthidAndTicket() {
        InternalCaller caller = (realm, procedure, args, kwargs, timeout) -> {
            assertThat(realm).isEqualTo("auth-realm");
            assertThat(timeout).isEqualTo(2500L);
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) args.get(2);
            assertThat(details).containsEntry("session", 7L).containsEntry("authmethod", "ticket");
            if ("good".equals(details.get("ticket"))) {
                return CompletableFuture.completedFuture(new CallResult(List.of("backend"), Map.of()));
            }
            if ("timeout".equals(details.get("ticket"))) {
                return CompletableFuture.failedFuture(new CallFailedException("wamp.error.timeout", List.of(), Map.of()));
            }
            if ("weird".equals(details.get("ticket"))) {
                return CompletableFuture.completedFuture(new CallResult(List.of(42L), Map.of()));
            }
            return CompletableFuture.failedFuture(
                    new CallFailedException("wamp.error.not_authorized", List.of("bad ticket"), Map.of()));
        };
        TicketAuthenticator auth = new TicketAuthenticator(null, caller);
        Map<String, Object> config = Map.of("type", "dynamic", "authenticator", "com.example.auth",
                "authenticator-realm", "auth-realm", "authenticator-timeout", "2500");
        AuthRequest req = request("t1", "carol", config);
        AuthOutcome.Challenge c = (AuthOutcome.Challenge) run(auth.hello(req));
        assertThat(run(auth.authenticate(req, c.state(), new Authenticate("good", Map.of()))))
                .isEqualTo(new AuthOutcome.Accept("carol", "backend", "dynamic", null, Map.of()));
        assertThat(run(auth.authenticate(req, c.state(), new Authenticate("bad", Map.of()))))
                .isEqualTo(new AuthOutcome.Reject("wamp.error.authentication_failed",
                        "dynamic authenticator com.example.auth answered wamp.error.not_authorized: bad ticket"));
        assertThat(run(auth.authenticate(req, c.state(), new Authenticate("timeout", Map.of()))))
                .isEqualTo(new AuthOutcome.Reject("wamp.error.authentication_failed",
                        "dynamic authenticator com.example.auth timed out after 2500 ms"));
        assertThat(((AuthOutcome.Reject) run(auth.authenticate(req, c.state(), new Authenticate("weird", Map.of()))))
                .message()).contains("must return a role string or a dict");
    }
}
