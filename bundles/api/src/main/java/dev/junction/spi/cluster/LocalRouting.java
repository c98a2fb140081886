package dev.junction.spi.cluster;

import org.osgi.annotation.versioning.ProviderType;

/** The router as the cluster sees it: where events published on other nodes are delivered. */
@ProviderType
public interface LocalRouting {

    /**
     * Delivers an event published on another node to this node's matching subscribers, applying the publication's
     * black- and whitelists. Returns how many sessions it was queued for.
     */
    int deliver(RemotePublication publication);
}
