package dev.junction.spi.cluster;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

import dev.junction.spi.call.CallResult;

/** The router as the cluster sees it: where events published on other nodes are delivered. */
@ProviderType
public interface LocalRouting {

    /**
     * Delivers an event published on another node to this node's matching subscribers, applying the publication's
     * black- and whitelists. Returns how many sessions it was queued for.
     */
    int deliver(RemotePublication publication);

    /**
     * Calls a procedure registered on this node for a caller on another node (authorized there), through this node's
     * dealer: invocation policy, a callee that leaves, and {@code timeoutMillis} apply. The stage fails with a
     * {@link dev.junction.spi.call.CallFailedException} carrying the WAMP error URI; with
     * {@code wamp.error.no_such_procedure} at once when this node no longer has the registration (a call is never
     * forwarded twice).
     */
    CompletionStage<CallResult> invoke(RemoteCall call, long timeoutMillis);
}
