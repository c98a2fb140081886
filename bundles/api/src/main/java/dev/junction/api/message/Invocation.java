package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/**
 * {@code [INVOCATION, Request|id, REGISTERED.Registration|id, Details|dict, CALL.Arguments|list,
 * CALL.ArgumentsKw|dict]}
 */
public record Invocation(long request, long registration, Map<String, Object> details, Payload payload)
        implements WampMessage {
    public static final int TYPE = 68;
    static final int PAYLOAD_INDEX = 4;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, request, registration, details);
    }

    static Invocation from(Fields f, Payload p) {
        f.arity(PAYLOAD_INDEX);
        return new Invocation(f.id(1, "Request"), f.id(2, "REGISTERED.Registration"), f.dict(3, "Details"), p);
    }
}
