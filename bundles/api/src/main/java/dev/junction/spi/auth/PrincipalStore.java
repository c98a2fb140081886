package dev.junction.spi.auth;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The statically configured principals (factory configuration {@code dev.junction.auth.principal}), as one OSGi
 * service that the authentication method bundles look principals up in. The methods never see a configuration.
 */
@ProviderType
public interface PrincipalStore {

    /**
     * The principal with {@code authid} that is valid for a HELLO to {@code realm} on transport {@code transportId};
     * a principal bound to that realm wins over one valid for any realm.
     */
    Optional<Principal> byAuthid(String authid, String realm, String transportId);

    /**
     * The principal whose authorized Ed25519 keys include {@code publicKeyHex} (lower-case hex) and that is valid
     * for {@code realm} on {@code transportId}: cryptosign clients may announce a key instead of an authid.
     */
    Optional<Principal> byPublicKey(String publicKeyHex, String realm, String transportId);

    /**
     * The principal whose certificate fingerprints include {@code fingerprintHex} (SHA-256 or SHA-1, lower-case hex
     * without colons) and that is valid for {@code realm} on {@code transportId}: {@code tls} clients are identified
     * by their certificate. Added in 1.2.0; the default knows no certificate.
     */
    default Optional<Principal> byCertificateFingerprint(String fingerprintHex, String realm, String transportId) {
        return Optional.empty();
    }
}
