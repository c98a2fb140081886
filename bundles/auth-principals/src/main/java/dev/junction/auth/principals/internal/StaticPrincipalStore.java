package dev.junction.auth.principals.internal;

import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.junction.spi.auth.Principal;
import dev.junction.spi.auth.PrincipalStore;

/**
 * The {@link PrincipalStore} over every principal configuration that is applied right now; a configuration that is
 * created, changed or deleted is seen by the next HELLO.
 */
@Component(service = PrincipalStore.class, immediate = true)
public final class StaticPrincipalStore implements PrincipalStore {
    private final CopyOnWriteArrayList<ConfiguredPrincipal> principals = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPrincipal(ConfiguredPrincipal principal) {
        principals.add(principal);
    }

    void removePrincipal(ConfiguredPrincipal principal) {
        principals.remove(principal);
    }

    @Override
    public Optional<Principal> byAuthid(String authid, String realm, String transportId) {
        return find(p -> p.authid().equals(authid), realm, transportId);
    }

    @Override
    public Optional<Principal> byPublicKey(String publicKeyHex, String realm, String transportId) {
        return find(p -> p.authorizedKeys().contains(publicKeyHex), realm, transportId);
    }

    @Override
    public Optional<Principal> byCertificateFingerprint(String fingerprintHex, String realm, String transportId) {
        return find(p -> p.certificateFingerprints().contains(fingerprintHex), realm, transportId);
    }

    private Optional<Principal> find(Predicate<Principal> match, String realm, String transportId) {
        Principal anyRealm = null;
        for (ConfiguredPrincipal c : principals) {
            Principal p = c.principal();
            if (p == null || !match.test(p) || !p.validFor(realm, transportId)) {
                continue;
            }
            if (p.realm() != null) {
                return Optional.of(p); // bound to this very realm: more specific than a principal for any realm
            }
            if (anyRealm == null) {
                anyRealm = p;
            }
        }
        return Optional.ofNullable(anyRealm);
    }
}
