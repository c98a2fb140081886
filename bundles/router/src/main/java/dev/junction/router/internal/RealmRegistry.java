package dev.junction.router.internal;

/** How realm configurations reach the router. Implemented by {@link RouterComponent}, used by {@link RealmComponent}. */
interface RealmRegistry {

    /**
     * Adds or updates the realm configured by {@code pid}. Returns {@code null} on success, or why it was refused
     * (the name is taken by another configuration).
     */
    String putRealm(String pid, RealmSettings settings);

    /** Removes the realm configured by {@code pid}; its sessions get GOODBYE {@code wamp.close.close_realm}. */
    void removeRealm(String pid);
}
