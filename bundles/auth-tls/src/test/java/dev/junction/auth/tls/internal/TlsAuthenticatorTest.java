package dev.junction.auth.tls.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.junction.api.WampUris;
import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.auth.Principal;
import dev.junction.spi.auth.PrincipalStore;
import dev.junction.spi.call.CallResult;
import dev.junction.spi.call.InternalCaller;
import dev.junction.spi.transport.HandshakeRequest;
import dev.junction.transport.endpoint.testing.TestCertificates;

class TlsAuthenticatorTest {

    private static X509Certificate device;
    private static X509Certificate stranger;
    private static Principal devicePrincipal;
    private static Principal sha1Principal;
    private static X509Certificate legacyCertificate;

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("Test CA");
        device = TestCertificates.client(ca, "device1").certificate();
        stranger = TestCertificates.client(ca, "stranger").certificate();
        X509Certificate legacy = TestCertificates.client(ca, "legacy").certificate();
        devicePrincipal = new Principal("device1", "realm1", "device", null, null, null, 1000, 32, List.of(),
                List.of(), List.of(TlsAuthenticator.fingerprint(device, "SHA-256")));
        sha1Principal = new Principal("legacy", null, "device", null, null, null, 1000, 32, List.of(), List.of(),
                List.of(TlsAuthenticator.fingerprint(legacy, "SHA-1")));
        legacyCertificate = legacy;
    }

    private static final PrincipalStore STORE = new PrincipalStore() {
        private final List<Principal> all = new java.util.ArrayList<>();

        @Override
        public Optional<Principal> byAuthid(String authid, String realm, String transportId) {
            return principals().stream().filter(p -> p.authid().equals(authid) && p.validFor(realm, transportId))
                    .findFirst();
        }

        @Override
        public Optional<Principal> byPublicKey(String key, String realm, String transportId) {
            return Optional.empty();
        }

        @Override
        public Optional<Principal> byCertificateFingerprint(String fingerprint, String realm, String transportId) {
            return principals().stream().filter(p -> p.certificateFingerprints().contains(fingerprint)
                    && p.validFor(realm, transportId)).findFirst();
        }

        private List<Principal> principals() {
            if (all.isEmpty()) {
                all.add(devicePrincipal);
                all.add(sha1Principal);
            }
            return all;
        }
    };

    private static AuthOutcome hello(String authid, X509Certificate... chain) {
        HandshakeRequest transport = new HandshakeRequest("t1", "websocket", "tcp4:127.0.0.1:1", true, "/ws", Map.of(),
                List.of(chain), null, Map.of("tls.type", "static"));
        AuthRequest request = new AuthRequest("realm1", 1, authid, null, Map.of(), Map.of(), transport,
                Map.of("type", "static"));
        return new TlsAuthenticator(STORE, null).hello(request).toCompletableFuture().join();
    }

    @Test
    void theCertificateIdentifiesThePrincipalBySha256OrSha1() {
        assertThat(hello(null, device)).isEqualTo(new AuthOutcome.Accept("device1", "device", "static", null, Map.of()));
        assertThat(hello("device1", device)).isInstanceOf(AuthOutcome.Accept.class);
        assertThat(((AuthOutcome.Accept) hello(null, legacyCertificate)).authid()).isEqualTo("legacy");
    }

    @Test
    void aDynamicAuthenticatorGetsTheClientCertificateInTheTransportDetails() {
        String sha256 = TlsAuthenticator.fingerprint(device, "SHA-256");
        InternalCaller caller = (realm, procedure, args, kwargs, timeout) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) args.get(2);
            @SuppressWarnings("unchecked")
            Map<String, Object> cert = (Map<String, Object>) ((Map<String, Object>) details.get("transport"))
                    .get("client_cert");
            assertThat(procedure).isEqualTo("com.example.tlsauth");
            assertThat(details).containsEntry("authmethod", "tls");
            assertThat(cert).containsKeys("sha1", "subject", "issuer", "serial");
            Object answer = sha256.equals(cert.get("sha256")) ? Map.of("role", "device", "authid", "dyn-device")
                    : "nobody"; // a role the test realm does not have: the router would ABORT
            return java.util.concurrent.CompletableFuture.completedFuture(new CallResult(List.of(answer), Map.of()));
        };
        HandshakeRequest transport = new HandshakeRequest("t1", "websocket", "tcp4:127.0.0.1:1", true, "/ws", Map.of(),
                List.of(device), null, Map.of("tls.type", "dynamic"));
        AuthRequest request = new AuthRequest("realm1", 1, null, null, Map.of(), Map.of(), transport,
                Map.of("type", "dynamic", "authenticator", "com.example.tlsauth"));
        assertThat(new TlsAuthenticator(null, caller).hello(request).toCompletableFuture().join())
                .isEqualTo(new AuthOutcome.Accept("dyn-device", "device", "dynamic", null, Map.of()));
    }

    @Test
    void anUnknownCertificateAnotherPrincipalsOrNoneAtAllIsRefused() {
        assertThat(((AuthOutcome.Reject) hello(null, stranger)).reason()).isEqualTo(WampUris.ERROR_NO_SUCH_PRINCIPAL);
        assertThat(((AuthOutcome.Reject) hello("device1", stranger)).reason())
                .isEqualTo(WampUris.ERROR_AUTHENTICATION_FAILED);
        assertThat(((AuthOutcome.Reject) hello("nobody", device)).reason())
                .isEqualTo(WampUris.ERROR_NO_SUCH_PRINCIPAL);
        AuthOutcome.Reject none = (AuthOutcome.Reject) hello(null);
        assertThat(none.reason()).isEqualTo(WampUris.ERROR_AUTHENTICATION_FAILED);
        assertThat(none.message()).contains("endpoint.tls.ca_certificates");
        assertThat(hello(null, device)).isInstanceOf(AuthOutcome.Accept.class); // control
    }
}
