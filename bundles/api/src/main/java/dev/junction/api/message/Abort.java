package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/** {@code [ABORT, Details|dict, Reason|uri]} */
public record Abort(Map<String, Object> details, String reason) implements WampMessage {
    public static final int TYPE = 3;

    /** An ABORT whose details carry a human-readable {@code message}. */
    public static Abort of(String reason, String message) {
        return new Abort(message == null ? Map.of() : Map.of("message", message), reason);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, details, reason);
    }

    static Abort from(Fields f) {
        f.arity(3);
        return new Abort(f.dict(1, "Details"), f.string(2, "Reason"));
    }
}
