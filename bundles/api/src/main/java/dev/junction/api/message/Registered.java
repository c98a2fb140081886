package dev.junction.api.message;

import java.util.List;

/** {@code [REGISTERED, REGISTER.Request|id, Registration|id]} */
public record Registered(long request, long registration) implements WampMessage {
    public static final int TYPE = 65;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, request, registration);
    }

    static Registered from(Fields f) {
        f.arity(3);
        return new Registered(f.id(1, "REGISTER.Request"), f.id(2, "Registration"));
    }
}
