package dev.junction.spi.auth;

import java.util.List;
import java.util.Objects;

/**
 * A statically configured principal: who may authenticate, into which realm, with which role, and the secret of each
 * method it may use. A method whose secret is {@code null} (or whose key list is empty) is not open to this
 * principal. {@link #toString()} never shows a secret.
 *
 * @param authid the authid the client announces in HELLO
 * @param realm the realm the principal may join, or {@code null} for any realm
 * @param role the authrole it gets
 * @param ticket the ticket ({@code ticket} method), or {@code null}
 * @param secret the WAMP-CRA secret ({@code wampcra}), or {@code null}; with a salt, the derived key (as in Crossbar)
 * @param salt the WAMP-CRA salt, or {@code null} for an unsalted secret
 * @param iterations PBKDF2 iterations of a salted WAMP-CRA secret
 * @param keylen PBKDF2 key length in bytes of a salted WAMP-CRA secret
 * @param authorizedKeys Ed25519 public keys ({@code cryptosign}), 64 lower-case hex digits each
 * @param transports the transport ids the principal is valid on; empty for every transport
 * @param certificateFingerprints SHA-256 (64) or SHA-1 (40) fingerprints of the client certificates it may present
 *            ({@code tls}), lower-case hex digits without colons (added in 1.2.0)
 */
public record Principal(String authid, String realm, String role, String ticket, String secret, String salt,
        int iterations, int keylen, List<String> authorizedKeys, List<String> transports,
        List<String> certificateFingerprints) {

    public Principal {
        Objects.requireNonNull(authid, "authid");
        Objects.requireNonNull(role, "role");
        authorizedKeys = List.copyOf(authorizedKeys);
        transports = List.copyOf(transports);
        certificateFingerprints = List.copyOf(certificateFingerprints);
    }

    /** A principal without certificate fingerprints (the 1.1 form). */
    public Principal(String authid, String realm, String role, String ticket, String secret, String salt,
            int iterations, int keylen, List<String> authorizedKeys, List<String> transports) {
        this(authid, realm, role, ticket, secret, salt, iterations, keylen, authorizedKeys, transports, List.of());
    }

    /** Whether the principal may be used by a HELLO for {@code helloRealm} on transport {@code transportId}. */
    public boolean validFor(String helloRealm, String transportId) {
        return (realm == null || realm.equals(helloRealm)) && (transports.isEmpty() || transports.contains(transportId));
    }

    @Override
    public String toString() {
        return "Principal[authid=" + authid + ", realm=" + realm + ", role=" + role + ", ticket="
                + (ticket == null ? "none" : "***") + ", secret=" + (secret == null ? "none" : "***") + ", salted="
                + (salt != null) + ", authorizedKeys=" + authorizedKeys + ", certificateFingerprints=" + certificateFingerprints
                + ", transports=" + transports + "]";
    }
}
