package dev.junction.auth.wampcra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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

class WampCraAuthenticatorTest {
    private static final Principal JOE = new Principal("joe", null, "user", null, "secret2", null, 1000, 32, List.of(),
            List.of());
    /** Salted: the configured secret is the key autobahn derives from password L3L1YUE8Txlw (as Crossbar stores it). */
    private static final Principal SALTY = new Principal("salty", null, "user", null,
            "qzcdsr9uu/L5hnss3kjNTRe490ETgA70ZBaB5rvnJ5Y=", "salt123", 1000, 32, List.of(), List.of());

    private static final PrincipalStore STORE = new PrincipalStore() {
        @Override
        public Optional<Principal> byAuthid(String authid, String realm, String transportId) {
            return List.of(JOE, SALTY).stream().filter(p -> p.authid().equals(authid)).findFirst();
        }

        @Override
        public Optional<Principal> byPublicKey(String publicKeyHex, String realm, String transportId) {
            return Optional.empty();
        }
    };

    static AuthRequest request(String authid, Map<String, Object> config) {
        HandshakeRequest transport = new HandshakeRequest("t1", "websocket", "127.0.0.1:1", false, "/ws", Map.of(),
                List.of(), null, Map.of());
        return new AuthRequest("realm1", 4242, authid, null, Map.of(), Map.of(), transport, config);
    }

    private static AuthOutcome run(java.util.concurrent.CompletionStage<AuthOutcome> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void derivesKeysExactlyAsAutobahn() {
        // autobahn-python's test_auth.py (test_derive_key) and the WAMP-CRA docs: default iterations 1000, keylen 32.
        assertThat(WampCra.deriveKey("L3L1YUE8Txlw", "salt123", 1000, 32))
                .isEqualTo("qzcdsr9uu/L5hnss3kjNTRe490ETgA70ZBaB5rvnJ5Y=");
        // Same derivation by Python's hashlib.pbkdf2_hmac('sha256', b'secret', b'salt', 100, 16), Base64.
        assertThat(WampCra.deriveKey("secret", "salt", 100, 16)).isEqualTo("oTSX846k2MZdrrIy1rijbQ==");
        // Crossbar's example user 'peter' (password secret1): the derived key its configuration stores.
        assertThat(WampCra.deriveKey("secret1", "salt123", 100, 16)).isEqualTo("prq7+YkJ1/KlW1X0YczMHw==");
    }

    @Test
    void signsAsHmacSha256OverTheChallengeText() {
        // Python: base64(hmac.new(b'secret2', b'{"a": 1}', hashlib.sha256).digest())
        assertThat(WampCra.sign("secret2", "{\"a\": 1}")).isEqualTo("p7AvNhbUOZsIJf2HPfHbNKqVl4N/XMGXMQfZnMqSOgQ=");
    }

    @Test
    void plainSecretSucceedsAndWrongSecretFails() {
        WampCraAuthenticator auth = new WampCraAuthenticator(STORE, null);
        AuthRequest req = request("joe", Map.of("type", "static"));
        AuthOutcome.Challenge challenge = (AuthOutcome.Challenge) run(auth.hello(req));
        String text = (String) challenge.extra().get("challenge");
        assertThat(challenge.extra()).containsOnlyKeys("challenge");
        assertThat(text).startsWith("{\"authid\": \"joe\", \"authrole\": \"user\", \"authmethod\": \"wampcra\", "
                + "\"authprovider\": \"static\", \"session\": 4242, \"nonce\": \"").contains("\"timestamp\": \"");

        AuthOutcome ok = run(auth.authenticate(req, challenge.state(),
                new Authenticate(WampCra.sign("secret2", text), Map.of())));
        assertThat(ok).isEqualTo(new AuthOutcome.Accept("joe", "user", "static", null, Map.of()));

        AuthOutcome.Challenge again = (AuthOutcome.Challenge) run(auth.hello(req));
        String wrongText = (String) again.extra().get("challenge");
        AuthOutcome wrong = run(auth.authenticate(req, again.state(),
                new Authenticate(WampCra.sign("not-the-secret", wrongText), Map.of())));
        assertThat(wrong).isInstanceOf(AuthOutcome.Reject.class)
                .extracting(o -> ((AuthOutcome.Reject) o).reason()).isEqualTo("wamp.error.authentication_failed");
    }

    @Test
    void replayedOrTamperedSignatureFails() {
        WampCraAuthenticator auth = new WampCraAuthenticator(STORE, null);
        AuthRequest req = request("joe", Map.of("type", "static"));
        AuthOutcome.Challenge first = (AuthOutcome.Challenge) run(auth.hello(req));
        String recorded = WampCra.sign("secret2", (String) first.extra().get("challenge"));
        // Positive control: the recorded signature is valid for its own challenge.
        assertThat(run(auth.authenticate(req, first.state(), new Authenticate(recorded, Map.of()))))
                .isInstanceOf(AuthOutcome.Accept.class);

        AuthOutcome.Challenge second = (AuthOutcome.Challenge) run(auth.hello(req));
        assertThat(second.extra().get("challenge")).isNotEqualTo(first.extra().get("challenge"));
        assertThat(run(auth.authenticate(req, second.state(), new Authenticate(recorded, Map.of()))))
                .isInstanceOf(AuthOutcome.Reject.class);

        AuthOutcome.Challenge third = (AuthOutcome.Challenge) run(auth.hello(req));
        String good = WampCra.sign("secret2", (String) third.extra().get("challenge"));
        String tampered = (good.charAt(0) == 'A' ? "B" : "A") + good.substring(1);
        assertThat(run(auth.authenticate(req, third.state(), new Authenticate(tampered, Map.of()))))
                .isInstanceOf(AuthOutcome.Reject.class);
    }

    @Test
    void saltedSecretUsesTheDerivedKey() {
        WampCraAuthenticator auth = new WampCraAuthenticator(STORE, null);
        AuthRequest req = request("salty", Map.of("type", "static"));
        AuthOutcome.Challenge challenge = (AuthOutcome.Challenge) run(auth.hello(req));
        assertThat(challenge.extra()).containsEntry("salt", "salt123").containsEntry("iterations", 1000L)
                .containsEntry("keylen", 32L);
        String text = (String) challenge.extra().get("challenge");
        // The password as key must fail; the key the client derives from it with the CHALLENGE's parameters passes.
        assertThat(run(auth.authenticate(req, challenge.state(),
                new Authenticate(WampCra.sign("L3L1YUE8Txlw", text), Map.of())))).isInstanceOf(AuthOutcome.Reject.class);
        AuthOutcome.Challenge next = (AuthOutcome.Challenge) run(auth.hello(req));
        String nextText = (String) next.extra().get("challenge");
        assertThat(run(auth.authenticate(req, next.state(), new Authenticate(
                WampCra.sign(WampCra.deriveKey("L3L1YUE8Txlw", "salt123", 1000, 32), nextText), Map.of()))))
                .isInstanceOf(AuthOutcome.Accept.class);
    }

    @Test
    void unknownOrMissingAuthidIsNoSuchPrincipal() {
        WampCraAuthenticator auth = new WampCraAuthenticator(STORE, null);
        assertThat(run(auth.hello(request("nobody", Map.of("type", "static")))))
                .isEqualTo(new AuthOutcome.Reject("wamp.error.no_such_principal",
                        "no principal 'nobody' with a wampcra secret for realm 'realm1' on this transport"));
        assertThat(((AuthOutcome.Reject) run(auth.hello(request(null, Map.of("type", "static"))))).reason())
                .isEqualTo("wamp.error.no_such_principal");
        // Positive control: a known authid is challenged.
        assertThat(run(auth.hello(request("joe", Map.of("type", "static"))))).isInstanceOf(AuthOutcome.Challenge.class);
    }

    @Test
    void dynamicAuthenticatorSuppliesSecretAndRole() {
        InternalCaller caller = (realm, procedure, args, kwargs, timeout) -> {
            assertThat(procedure).isEqualTo("com.example.authenticate");
            assertThat(args.get(0)).isEqualTo("realm1");
            if ("joe".equals(args.get(1))) {
                return CompletableFuture.completedFuture(new CallResult(
                        List.of(Map.of("secret", "dyn", "role", "frontend", "extra", Map.of("x", 1L))), Map.of()));
            }
            return CompletableFuture.failedFuture(new CallFailedException("com.example.no_such_user", List.of(), Map.of()));
        };
        WampCraAuthenticator auth = new WampCraAuthenticator(null, caller);
        Map<String, Object> config = Map.of("type", "dynamic", "authenticator", "com.example.authenticate");
        AuthRequest req = request("joe", config);
        AuthOutcome.Challenge challenge = (AuthOutcome.Challenge) run(auth.hello(req));
        String text = (String) challenge.extra().get("challenge");
        assertThat(text).contains("\"authrole\": \"frontend\"", "\"authprovider\": \"dynamic\"");
        assertThat(run(auth.authenticate(req, challenge.state(), new Authenticate(WampCra.sign("dyn", text), Map.of()))))
                .isEqualTo(new AuthOutcome.Accept("joe", "frontend", "dynamic", null, Map.of("x", 1L)));

        AuthOutcome failed = run(auth.hello(request("eve", config)));
        assertThat(failed).isEqualTo(new AuthOutcome.Reject("wamp.error.authentication_failed",
                "dynamic authenticator com.example.authenticate answered com.example.no_such_user"));
    }

    @Test
    void misconfiguredTypeIsRefusedClearly() {
        WampCraAuthenticator auth = new WampCraAuthenticator(STORE, null);
        assertThat(run(auth.hello(request("joe", Map.of("type", "function"))))).isEqualTo(new AuthOutcome.Reject(
                "wamp.error.authentication_failed", "wampcra authentication is misconfigured on this transport"));
        assertThat(run(auth.hello(request("joe", Map.of("type", "dynamic"))))).isInstanceOf(AuthOutcome.Reject.class);
    }
}
