package dev.junction.spi.call;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Calls a WAMP procedure from inside the router, as a client of the realm would: the call goes through the dealer
 * (invocation policy, router-enforced timeout, a callee that leaves) under the reserved authrole {@code trusted}.
 * Registered by the router bundle; used for dynamic authenticators and authorizers.
 *
 * <p>Never blocks: the stage completes later, from another thread than the caller's. It fails with
 * {@link CallFailedException} carrying the WAMP error URI: the callee's own error, {@code wamp.error.no_such_procedure},
 * {@code wamp.error.timeout}, {@code wamp.error.canceled} (callee left), {@code wamp.error.no_such_realm} or
 * {@code wamp.error.unavailable} (router shutting down).
 */
@ProviderType
public interface InternalCaller {

    /**
     * Calls {@code procedure} on {@code realm}.
     *
     * @param args positional arguments (JSON/MessagePack values: maps, lists, strings, numbers, booleans, byte[])
     * @param kwargs keyword arguments, may be empty
     * @param timeoutMillis router-enforced timeout, {@code > 0}
     */
    CompletionStage<CallResult> call(String realm, String procedure, List<?> args, Map<String, ?> kwargs,
            long timeoutMillis);
}
