package dev.junction.api.message;

import java.util.List;

/** {@code [UNREGISTER, Request|id, REGISTERED.Registration|id]} */
public record Unregister(long request, long registration) implements WampMessage {
    public static final int TYPE = 66;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, request, registration);
    }

    static Unregister from(Fields f) {
        f.arity(3);
        return new Unregister(f.id(1, "Request"), f.id(2, "REGISTERED.Registration"));
    }
}
