package dev.junction.router.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared copy of each distinct HELLO {@code roles} map. Every session keeps the roles its client announced for
 * its life, and clients of one library send the same map: 10,000 sessions of one kind held 10,000 equal copies
 * (about 700 bytes each for four empty roles, several KiB for a browser library's feature lists). The decoded maps
 * are immutable, so equal ones can be shared.
 */
final class SharedClientRoles {
    /** Distinct maps kept; beyond it a session keeps its own (a client sending random maps cannot grow this). */
    static final int LIMIT = 64;

    private static final Map<Map<String, Object>, Map<String, Object>> SHARED = new ConcurrentHashMap<>();

    private SharedClientRoles() {
    }

    /** An equal map already held by another session, or {@code roles} itself. */
    static Map<String, Object> of(Map<String, Object> roles) {
        if (roles == null) {
            return null;
        }
        Map<String, Object> shared = SHARED.get(roles);
        if (shared != null) {
            return shared;
        }
        if (SHARED.size() >= LIMIT) {
            return roles;
        }
        shared = SHARED.putIfAbsent(roles, roles);
        return shared != null ? shared : roles;
    }
}
