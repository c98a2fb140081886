package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/** {@code [INTERRUPT, INVOCATION.Request|id, Options|dict]} */
public record Interrupt(long request, Map<String, Object> options) implements WampMessage {
    public static final int TYPE = 69;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, request, options);
    }

    static Interrupt from(Fields f) {
        f.arity(3);
        return new Interrupt(f.id(1, "INVOCATION.Request"), f.dict(2, "Options"));
    }
}
