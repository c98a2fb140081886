package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/** {@code [RESULT, CALL.Request|id, Details|dict, YIELD.Arguments|list, YIELD.ArgumentsKw|dict]} */
public record Result(long request, Map<String, Object> details, Payload payload) implements WampMessage {
    public static final int TYPE = 50;
    static final int PAYLOAD_INDEX = 3;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, request, details);
    }

    static Result from(Fields f, Payload p) {
        f.arity(PAYLOAD_INDEX);
        return new Result(f.id(1, "CALL.Request"), f.dict(2, "Details"), p);
    }
}
