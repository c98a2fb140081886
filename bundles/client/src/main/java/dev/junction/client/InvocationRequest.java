package dev.junction.client;

import java.util.Map;
import java.util.function.Consumer;

import dev.junction.api.message.Payload;

/**
 * One INVOCATION of a registered procedure.
 *
 * @param registration the registration id
 * @param payload the call's arguments
 * @param details the INVOCATION details ({@code caller}, {@code procedure} for a pattern registration, ...)
 * @param progress sends a progressive result (YIELD with {@code progress}); only when the caller asked for
 *            progress ({@code details.receive_progress}), else it is ignored
 */
public record InvocationRequest(long registration, Payload payload, Map<String, Object> details,
        Consumer<Payload> progress) {

    public boolean progressAllowed() {
        return Boolean.TRUE.equals(details.get("receive_progress"));
    }
}
