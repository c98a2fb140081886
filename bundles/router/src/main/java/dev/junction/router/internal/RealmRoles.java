package dev.junction.router.internal;

import java.util.Map;

/**
 * The roles configured for one realm, an immutable snapshot replaced as a whole when a role configuration changes.
 * A realm with no roles at all is open: every joined session may do everything (the playground of the shipped
 * {@code realm1}). Once a realm has roles, a session may do only what its role allows; a session whose role is not
 * (or no longer) configured may do nothing. The reserved role {@code trusted} may do everything.
 */
final class RealmRoles {
    static final String TRUSTED = "trusted";
    static final RealmRoles NONE = new RealmRoles(Map.of());

    private final Map<String, Role> roles;

    RealmRoles(Map<String, Role> roles) {
        this.roles = Map.copyOf(roles);
    }

    boolean isOpen() {
        return roles.isEmpty();
    }

    /** Whether a session may join under {@code role}: any role in an open realm, else a configured one. */
    boolean admits(String role) {
        return roles.isEmpty() || TRUSTED.equals(role) || roles.containsKey(role);
    }

    /** The dynamic role {@code role}, or {@code null} when it is static, unknown or the realm is open. */
    DynamicRole dynamic(String role) {
        return roles.get(role) instanceof DynamicRole d ? d : null;
    }

    /**
     * The decision for a session of {@code role}; for a dynamic role only a cached answer, else
     * {@link Decision#DENIED} (the session asks the authorizer before it routes, see {@link WampSession}).
     */
    Decision decide(String role, String uri, Action action) {
        if (TRUSTED.equals(role)) {
            return Decision.TRUSTED;
        }
        if (roles.isEmpty()) {
            return Decision.OPEN;
        }
        Role r = roles.get(role);
        if (r instanceof StaticRole s) {
            return s.decide(uri, action);
        }
        Decision cached = r instanceof DynamicRole d ? d.cached(action, uri) : null;
        return cached == null ? Decision.DENIED : cached;
    }
}
