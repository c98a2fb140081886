package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/** {@code [YIELD, INVOCATION.Request|id, Options|dict, Arguments|list, ArgumentsKw|dict]} */
public record Yield(long request, Map<String, Object> options, Payload payload) implements WampMessage {
    public static final int TYPE = 70;
    static final int PAYLOAD_INDEX = 3;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, request, options);
    }

    static Yield from(Fields f, Payload p) {
        f.arity(PAYLOAD_INDEX);
        return new Yield(f.id(1, "INVOCATION.Request"), f.dict(2, "Options"), p);
    }
}
