package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/** {@code [CALL, Request|id, Options|dict, Procedure|uri, Arguments|list, ArgumentsKw|dict]} */
public record Call(long request, Map<String, Object> options, String procedure, Payload payload)
        implements WampMessage {
    public static final int TYPE = 48;
    static final int PAYLOAD_INDEX = 4;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, request, options, procedure);
    }

    static Call from(Fields f, Payload p) {
        f.arity(PAYLOAD_INDEX);
        return new Call(f.id(1, "Request"), f.dict(2, "Options"), f.string(3, "Procedure"), p);
    }
}
