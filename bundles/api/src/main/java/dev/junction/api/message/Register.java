package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/** {@code [REGISTER, Request|id, Options|dict, Procedure|uri]} */
public record Register(long request, Map<String, Object> options, String procedure) implements WampMessage {
    public static final int TYPE = 64;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, request, options, procedure);
    }

    static Register from(Fields f) {
        f.arity(4);
        return new Register(f.id(1, "Request"), f.dict(2, "Options"), f.string(3, "Procedure"));
    }
}
