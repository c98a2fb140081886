package dev.junction.client;

import java.util.concurrent.CompletionStage;

import dev.junction.api.message.Payload;

/**
 * A registered procedure. It runs on the client's receiving thread: return at once, with a stage that completes
 * later for slow work. A stage completed with a {@link WampError} answers with that error, any other failure with
 * {@code wamp.error.runtime_error}. When the caller cancels, the router INTERRUPTs and the stage is cancelled.
 */
@FunctionalInterface
public interface Procedure {
    CompletionStage<Payload> invoke(InvocationRequest request);
}
