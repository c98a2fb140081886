package dev.junction.client;

import java.util.Map;

import dev.junction.api.message.Payload;

/** A RESULT (or one progressive result): the payload and the details, e.g. {@code progress}. */
public record CallResult(Payload payload, Map<String, Object> details) {

    /** The first positional result, or {@code null}. */
    public Object first() {
        return payload.args().isEmpty() ? null : payload.args().get(0);
    }

    public boolean progress() {
        return Boolean.TRUE.equals(details.get("progress"));
    }
}
