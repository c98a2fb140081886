package dev.junction.router.internal;

import java.util.Map;

/**
 * Who a joined session is. Immutable; created when the session joins.
 *
 * @param id the session id (global scope, random)
 * @param realm the realm's name
 * @param authid the authenticated identity
 * @param authrole the role within the realm
 * @param authmethod the method that authenticated it
 * @param authprovider who vouched for it ({@code static}, {@code dynamic}, {@code cookie})
 * @param authextra extra data for WELCOME
 * @param clientRoles the roles and features the client announced in HELLO
 */
record SessionInfo(long id, String realm, String authid, String authrole, String authmethod, String authprovider,
        Map<String, Object> authextra, Map<String, Object> clientRoles) {

    SessionInfo {
        clientRoles = SharedClientRoles.of(clientRoles);
    }

    /** Whether the client announced {@code roles.<role>.features.<feature> = true} in HELLO. */
    boolean announces(String role, String feature) {
        return clientRoles.get(role) instanceof Map<?, ?> r && r.get("features") instanceof Map<?, ?> f
                && Boolean.TRUE.equals(f.get(feature));
    }

    /** The callee takes INTERRUPT (the spec spells the feature both ways). */
    boolean calleeCancels() {
        return announces("callee", "call_canceling") || announces("callee", "call_cancelling");
    }
}
