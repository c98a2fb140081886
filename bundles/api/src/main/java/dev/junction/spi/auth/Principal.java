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
 */
public record Principal(String authid, String realm, String role, String ticket, String secret, String salt,
        int iterations, int keylen, List<String> authorizedKeys, List<String> transports) {

    public Principal {
        Objects.requireNonNull(authid, "authid");
        Objects.requireNonNull(role, "role");
        authorizedKeys = List.copyOf(authorizedKeys);
        transports = List.copyOf(transports);
    }

    /** Whether the principal may be used by a HELLO for {@code helloRealm} on transport {@code transportId}. */
    public boolean validFor(String helloRealm, String transportId) {
        return (realm == null || realm.equals(helloRealm)) && (transports.isEmpty() || transports.contains(transportId));
    }

    @Override
    public String toString() {
        return "Principal[authid=" + authid + ", realm=" + realm + ", role=" + role + ", ticket="
                + (ticket == null ? "none" : "***") + ", secret=" + (secret == null ? "none" : "***") + ", salted="
                + (salt != null) + ", authorizedKeys=" + authorizedKeys + ", transports=" + transports + "]";
    }
}
