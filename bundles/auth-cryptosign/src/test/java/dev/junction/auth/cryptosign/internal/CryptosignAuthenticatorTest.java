package dev.junction.auth.cryptosign.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import dev.junction.api.message.Authenticate;
import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.auth.Principal;
import dev.junction.spi.auth.PrincipalStore;
import dev.junction.spi.call.CallResult;
import dev.junction.spi.call.InternalCaller;
import dev.junction.spi.transport.HandshakeRequest;

class CryptosignAuthenticatorTest {
    private static final HexFormat HEX = HexFormat.of();
    private final KeyPair keys = generate();
    private final String pubkey = rawPublicKey(keys);
    private final Principal dave = new Principal("dave", "realm1", "device", null, null, null, 1000, 32,
            List.of(pubkey), List.of());

    private final PrincipalStore store = new PrincipalStore() {
        @Override
        public Optional<Principal> byAuthid(String authid, String realm, String transportId) {
            return dave.authid().equals(authid) ? Optional.of(dave) : Optional.empty();
        }

        @Override
        public Optional<Principal> byPublicKey(String publicKeyHex, String realm, String transportId) {
            return dave.authorizedKeys().contains(publicKeyHex) ? Optional.of(dave) : Optional.empty();
        }
    };

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw 32-byte key is the tail of the X.509 encoding. */
    private static String rawPublicKey(KeyPair kp) {
        byte[] der = kp.getPublic().getEncoded();
        return HEX.formatHex(Arrays.copyOfRange(der, der.length - 32, der.length));
    }

    private static byte[] sign(KeyPair kp, byte[] message) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(kp.getPrivate());
        s.update(message);
        return s.sign();
    }

    private static AuthRequest request(String authid, Map<String, Object> authextra) {
        return request(authid, authextra, Map.of("type", "static"));
    }

    private static AuthRequest request(String authid, Map<String, Object> authextra, Map<String, Object> config) {
        HandshakeRequest transport = new HandshakeRequest("t1", "websocket", "127.0.0.1:1", false, "/ws", Map.of(),
                List.of(), null, Map.of());
        return new AuthRequest("realm1", 9, authid, null, authextra, Map.of(), transport, config);
    }

    @Test
    void dynamicAuthenticatorSeesTheKeyAndMayPinIt() throws Exception {
        String other = rawPublicKey(generate());
        InternalCaller caller = (realm, procedure, args, kwargs, timeout) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) args.get(2);
            @SuppressWarnings("unchecked")
            Map<String, Object> authextra = (Map<String, Object>) details.get("authextra");
            Object pinned = "frank".equals(args.get(1)) ? pubkey : other;
            assertThat(authextra.get("pubkey")).isEqualTo(pubkey);
            return java.util.concurrent.CompletableFuture.completedFuture(
                    new CallResult(List.of(Map.of("role", "robot", "pubkey", pinned)), Map.of()));
        };
        CryptosignAuthenticator auth = new CryptosignAuthenticator(null, caller);
        Map<String, Object> config = Map.of("type", "dynamic", "authenticator", "com.example.auth");
        AuthRequest req = request("frank", extra(pubkey, null), config);
        AuthOutcome.Challenge c = (AuthOutcome.Challenge) run(auth.hello(req));
        byte[] challenge = HEX.parseHex((String) c.extra().get("challenge"));
        assertThat(run(auth.authenticate(req, c.state(), new Authenticate(HEX.formatHex(sign(keys, challenge)),
                Map.of())))).isEqualTo(new AuthOutcome.Accept("frank", "robot", "dynamic", null, Map.of()));
        // The authenticator authorized another key for this authid: refused before any challenge.
        assertThat(((AuthOutcome.Reject) run(auth.hello(request("gina", extra(pubkey, null), config)))).reason())
                .isEqualTo("wamp.error.authentication_failed");
    }

    private static AuthOutcome run(CompletionStage<AuthOutcome> stage) {
        return stage.toCompletableFuture().join();
    }

    private Map<String, Object> extra(String key, Object binding) {
        Map<String, Object> m = new HashMap<>();
        m.put("pubkey", key);
        m.put("channel_binding", binding);
        return m;
    }

    @Test
    void signatureWithAndWithoutTheChallengeAppendedJoins() throws Exception {
        CryptosignAuthenticator auth = new CryptosignAuthenticator(store, null);
        for (boolean appended : new boolean[] { true, false }) {
            AuthRequest req = request("dave", extra(pubkey, null));
            AuthOutcome.Challenge c = (AuthOutcome.Challenge) run(auth.hello(req));
            assertThat(c.extra()).containsEntry("channel_binding", null);
            byte[] challenge = HEX.parseHex((String) c.extra().get("challenge"));
            String sig = HEX.formatHex(sign(keys, challenge)) + (appended ? HEX.formatHex(challenge) : "");
            assertThat(run(auth.authenticate(req, c.state(), new Authenticate(sig, Map.of()))))
                    .isEqualTo(new AuthOutcome.Accept("dave", "device", "static", null, Map.of()));
        }
    }

    @Test
    void keyAloneFindsThePrincipal() throws Exception {
        CryptosignAuthenticator auth = new CryptosignAuthenticator(store, null);
        AuthRequest req = request(null, extra(pubkey.toUpperCase(), null));
        AuthOutcome.Challenge c = (AuthOutcome.Challenge) run(auth.hello(req));
        byte[] challenge = HEX.parseHex((String) c.extra().get("challenge"));
        assertThat(run(auth.authenticate(req, c.state(), new Authenticate(HEX.formatHex(sign(keys, challenge)),
                Map.of())))).isInstanceOf(AuthOutcome.Accept.class);
    }

    @Test
    void tamperedReplayedOrForeignSignaturesFail() throws Exception {
        CryptosignAuthenticator auth = new CryptosignAuthenticator(store, null);
        AuthRequest req = request("dave", extra(pubkey, null));
        AuthOutcome.Challenge c = (AuthOutcome.Challenge) run(auth.hello(req));
        byte[] challenge = HEX.parseHex((String) c.extra().get("challenge"));
        byte[] sig = sign(keys, challenge);
        sig[5] ^= 1;
        assertThat(run(auth.authenticate(req, c.state(), new Authenticate(HEX.formatHex(sig), Map.of()))))
                .isInstanceOf(AuthOutcome.Reject.class);
        sig[5] ^= 1;
        // The signature is valid, but the appended challenge is not the one sent: refused.
        byte[] other = challenge.clone();
        other[0] ^= 1;
        assertThat(run(auth.authenticate(req, c.state(),
                new Authenticate(HEX.formatHex(sig) + HEX.formatHex(other), Map.of()))))
                .isInstanceOf(AuthOutcome.Reject.class);
        // Replayed into a new challenge: refused.
        AuthOutcome.Challenge c2 = (AuthOutcome.Challenge) run(auth.hello(req));
        assertThat(run(auth.authenticate(req, c2.state(), new Authenticate(HEX.formatHex(sig), Map.of()))))
                .isInstanceOf(AuthOutcome.Reject.class);
        // Another key's signature: refused. Positive control: the original one is accepted.
        byte[] foreign = sign(generate(), challenge);
        assertThat(run(auth.authenticate(req, c.state(), new Authenticate(HEX.formatHex(foreign), Map.of()))))
                .isInstanceOf(AuthOutcome.Reject.class);
        assertThat(run(auth.authenticate(req, c.state(), new Authenticate(HEX.formatHex(sig), Map.of()))))
                .isInstanceOf(AuthOutcome.Accept.class);
    }

    @Test
    void unknownKeyOrAuthidAndTlsUniqueAreRefused() {
        CryptosignAuthenticator auth = new CryptosignAuthenticator(store, null);
        String stranger = rawPublicKey(generate());
        assertThat(((AuthOutcome.Reject) run(auth.hello(request(null, extra(stranger, null))))).reason())
                .isEqualTo("wamp.error.no_such_principal");
        assertThat(((AuthOutcome.Reject) run(auth.hello(request("erin", extra(pubkey, null))))).reason())
                .isEqualTo("wamp.error.no_such_principal");
        assertThat(((AuthOutcome.Reject) run(auth.hello(request("dave", extra(stranger, null))))).reason())
                .isEqualTo("wamp.error.authentication_failed");
        AuthOutcome.Reject tls = (AuthOutcome.Reject) run(auth.hello(request("dave", extra(pubkey, "tls-unique"))));
        assertThat(tls.reason()).isEqualTo("wamp.error.authentication_failed");
        assertThat(tls.message()).contains("tls-unique is not available");
        assertThat(run(auth.hello(request("dave", extra(pubkey, null))))).isInstanceOf(AuthOutcome.Challenge.class);
    }
}
