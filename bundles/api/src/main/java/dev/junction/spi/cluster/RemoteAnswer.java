package dev.junction.spi.cluster;

import java.util.Map;

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

    /** A progressive RESULT with its details (the callee's {@code ppt_*} in payload passthru mode). */
    default void progress(Payload payload, Map<String, Object> details) {
        progress(payload);
    }

    /** The callee's (final) RESULT. */
    void result(Payload payload);

    /** The callee's (final) RESULT with its details (the callee's {@code ppt_*} in payload passthru mode). */
    default void result(Payload payload, Map<String, Object> details) {
        result(payload);
    }

    /** The callee's ERROR, or one the cluster or the callee's router made up (its node left, a timeout...). */
    void error(String uri, Payload payload);

    /** The callee's ERROR with its details (the callee's {@code ppt_*} in payload passthru mode). */
    default void error(String uri, Payload payload, Map<String, Object> details) {
        error(uri, payload);
    }
}
