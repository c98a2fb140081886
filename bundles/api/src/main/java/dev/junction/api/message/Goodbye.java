package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/** {@code [GOODBYE, Details|dict, Reason|uri]} */
public record Goodbye(Map<String, Object> details, String reason) implements WampMessage {
    public static final int TYPE = 6;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, details, reason);
    }

    static Goodbye from(Fields f) {
        f.arity(3);
        return new Goodbye(f.dict(1, "Details"), f.string(2, "Reason"));
    }
}
