package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/** {@code [CANCEL, CALL.Request|id, Options|dict]} */
public record Cancel(long request, Map<String, Object> options) implements WampMessage {
    public static final int TYPE = 49;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, request, options);
    }

    static Cancel from(Fields f) {
        f.arity(3);
        return new Cancel(f.id(1, "CALL.Request"), f.dict(2, "Options"));
    }
}
