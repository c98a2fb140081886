package dev.junction.spi.cluster;

import org.osgi.annotation.versioning.ConsumerType;

/** A call that crosses nodes while it runs: the caller's CANCEL follows it to the callee's node. */
@ConsumerType
@FunctionalInterface
public interface RemoteCallHandle {
    /** A handle for a call that cannot be canceled. */
    RemoteCallHandle NONE = mode -> {
    };

    /**
     * Cancels the call with the CANCEL mode {@code skip}, {@code kill} or {@code killnowait}; the answer (ERROR
     * {@code wamp.error.canceled}, or the callee's own with {@code kill}) arrives through the call's
     * {@link RemoteAnswer} as usual. Returns at once; a call already answered is left alone.
     */
    void cancel(String mode);

    /**
     * Progressive call invocations: the caller's next chunk of a call that was sent with
     * {@link RemoteCall#progress()}; {@code more} false for the last one. Chunks arrive in the caller's order.
     */
    default void chunk(dev.junction.api.message.Payload payload, boolean more) {
    }
}
