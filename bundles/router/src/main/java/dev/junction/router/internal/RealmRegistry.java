package dev.junction.router.internal;

import dev.junction.spi.call.InternalCaller;

/**
 * How realm and role configurations reach the router. Implemented by {@link RouterComponent}, used by
 * {@link RealmComponent} and {@link RoleComponent}.
 */
interface RealmRegistry {

    /**
     * Adds or updates the realm configured by {@code pid}. Returns {@code null} on success, or why it was refused
     * (the name is taken by another configuration).
     */
    String putRealm(String pid, RealmSettings settings);

    /** Removes the realm configured by {@code pid}; its sessions get GOODBYE {@code wamp.close.close_realm}. */
    void removeRealm(String pid);

    /**
     * Adds or replaces the role configured by {@code pid} on the realm named {@code realm} (which need not exist
     * yet). Returns {@code null} on success, or why it was refused (the role is configured by another configuration).
     */
    String putRole(String pid, String realm, Role role);

    /** Removes the role configured by {@code pid}; its sessions may do nothing more on that realm. */
    void removeRole(String pid);

    /** The router's internal caller, for roles decided by a dynamic authorizer. */
    InternalCaller internalCaller();
}
