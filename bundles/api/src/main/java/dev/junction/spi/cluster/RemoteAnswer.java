package dev.junction.spi.cluster;

import org.osgi.annotation.versioning.ProviderType;

import dev.junction.api.message.Payload;

/**
 * Where the answer to a {@link RemoteCall} goes: the caller on its node. {@link #result} or {@link #error} is called
 * once (after any progressive results), from any thread.
 */
@ProviderType
public interface RemoteAnswer {

    /**
     * A progressive RESULT of the callee (the caller asked for them); progressive results come in order, before the
     * final {@link #result} or {@link #error}.
     */
    default void progress(Payload payload) {
    }

    /** The callee's (final) RESULT. */
    void result(Payload payload);

    /** The callee's ERROR, or one the cluster or the callee's router made up (its node left, a timeout...). */
    void error(String uri, Payload payload);
}
