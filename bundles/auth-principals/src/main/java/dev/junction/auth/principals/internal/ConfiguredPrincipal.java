package dev.junction.auth.principals.internal;

import dev.junction.spi.auth.Principal;

/** One principal configuration as the store sees it (an internal service of this bundle). */
public interface ConfiguredPrincipal {

    /** The principal, or {@code null} when its configuration was refused. */
    Principal principal();
}
