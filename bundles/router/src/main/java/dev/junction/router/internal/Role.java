package dev.junction.router.internal;

/** A role of a realm: static permissions ({@link StaticRole}) or a dynamic authorizer ({@link DynamicRole}). */
sealed interface Role permits StaticRole, DynamicRole {
    String name();
}
