package dev.junction.api.message;

import java.util.List;

/** {@code [PUBLISHED, PUBLISH.Request|id, Publication|id]} */
public record Published(long request, long publication) implements WampMessage {
    public static final int TYPE = 17;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, request, publication);
    }

    static Published from(Fields f) {
        f.arity(3);
        return new Published(f.id(1, "PUBLISH.Request"), f.id(2, "Publication"));
    }
}
