package dev.junction.auth.tls.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.WampUris;
import dev.junction.api.message.Authenticate;
import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.auth.Authenticator;
import dev.junction.spi.auth.AuthenticatorProcedure;
import dev.junction.spi.auth.AuthenticatorProcedure.Settings;
import dev.junction.spi.auth.Principal;
import dev.junction.spi.auth.PrincipalStore;
import dev.junction.spi.call.InternalCaller;

/**
 * {@code tls}: the client is the certificate it presented in the TLS handshake, which the endpoint has verified
 * against its {@code endpoint.tls.ca_certificates} (an endpoint without them asks for no certificate, so this method
 * then finds none and refuses). No challenge.
 *
 * <p>Static ({@code auth.tls.type = static}): the principal whose {@code certificate_fingerprints} contain the
 * SHA-256 or SHA-1 fingerprint of the client's certificate; with an authid in HELLO, that principal's, which must list
 * the certificate. Dynamic ({@code auth.tls.type = dynamic}): the procedure is called as
 * {@code authenticator(realm, authid, details)} with {@code details.transport.client_cert = {sha256, sha1, subject,
 * issuer, serial}}, as Crossbar passes the certificate.
 */
@Component(property = Authenticator.METHOD + "=" + TlsAuthenticator.METHOD)
public final class TlsAuthenticator implements Authenticator {
    static final String METHOD = "tls";
    private static final Logger LOG = LoggerFactory.getLogger(TlsAuthenticator.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PrincipalStore principals;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InternalCaller caller;

    public TlsAuthenticator() {
    }

    TlsAuthenticator(PrincipalStore principals, InternalCaller caller) {
        this.principals = principals;
        this.caller = caller;
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public CompletionStage<AuthOutcome> hello(AuthRequest request) {
        Settings settings;
        try {
            settings = Settings.of(request.config());
        } catch (IllegalArgumentException e) {
            LOG.error("Transport {}: auth.tls.{}", request.transport().transportId(), e.getMessage());
            return done(new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                    "tls authentication is misconfigured on this transport"));
        }
        List<X509Certificate> chain = request.transport().clientCertificates();
        if (chain.isEmpty()) {
            return done(new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                    "no verified client certificate on this connection (the endpoint must be TLS with "
                            + "endpoint.tls.ca_certificates, and the client must present a certificate)"));
        }
        X509Certificate certificate = chain.get(0);
        String sha256 = fingerprint(certificate, "SHA-256");
        String sha1 = fingerprint(certificate, "SHA-1");
        if (settings.dynamic()) {
            Map<String, Object> clientCert = new LinkedHashMap<>();
            clientCert.put("sha256", sha256);
            clientCert.put("sha1", sha1);
            clientCert.put("subject", certificate.getSubjectX500Principal().getName());
            clientCert.put("issuer", certificate.getIssuerX500Principal().getName());
            clientCert.put("serial", certificate.getSerialNumber().toString(16));
            Map<String, Object> details = AuthenticatorProcedure.details(request, METHOD, Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> transport = new LinkedHashMap<>((Map<String, Object>) details.get("transport"));
            transport.put("client_cert", clientCert);
            details.put("transport", transport);
            return AuthenticatorProcedure.call(caller, settings, request, details)
                    .thenApply(reply -> AuthenticatorProcedure.accept(reply, request))
                    .exceptionally(failure -> AuthenticatorProcedure.failure(settings, failure));
        }
        PrincipalStore store = principals;
        String transportId = request.transport().transportId();
        if (request.authid() != null) {
            Optional<Principal> named = store == null ? Optional.empty()
                    : store.byAuthid(request.authid(), request.realm(), transportId);
            if (named.isEmpty()) {
                return done(new AuthOutcome.Reject(WampUris.ERROR_NO_SUCH_PRINCIPAL, "no principal '"
                        + request.authid() + "' for realm '" + request.realm() + "' on this transport"));
            }
            List<String> known = named.get().certificateFingerprints();
            if (!known.contains(sha256) && !known.contains(sha1)) {
                return done(new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                        "the client certificate (SHA-256 " + sha256 + ") is not one of '" + request.authid() + "'"));
            }
            return accept(named.get());
        }
        Optional<Principal> byCertificate = store == null ? Optional.empty()
                : store.byCertificateFingerprint(sha256, request.realm(), transportId)
                        .or(() -> store.byCertificateFingerprint(sha1, request.realm(), transportId));
        if (byCertificate.isEmpty()) {
            return done(new AuthOutcome.Reject(WampUris.ERROR_NO_SUCH_PRINCIPAL, "no principal with the client "
                    + "certificate's fingerprint (SHA-256 " + sha256 + ") for realm '" + request.realm()
                    + "' on this transport"));
        }
        return accept(byCertificate.get());
    }

    @Override
    public CompletionStage<AuthOutcome> authenticate(AuthRequest request, Object challengeState, Authenticate message) {
        // hello() never challenges, so the router never calls this.
        return CompletableFuture.failedFuture(new IllegalStateException("tls authentication has no challenge"));
    }

    private static CompletionStage<AuthOutcome> accept(Principal p) {
        return done(new AuthOutcome.Accept(p.authid(), p.role(), "static", null, Map.of()));
    }

    /** The certificate's fingerprint as lower-case hex without colons, as principals store it. */
    static String fingerprint(X509Certificate certificate, String algorithm) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot take the " + algorithm + " fingerprint of a client certificate", e);
        }
    }

    private static CompletionStage<AuthOutcome> done(AuthOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
