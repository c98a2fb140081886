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
}
