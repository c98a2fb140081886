package dev.junction.api.message;

import java.util.List;

/** {@code [SUBSCRIBED, SUBSCRIBE.Request|id, Subscription|id]} */
public record Subscribed(long request, long subscription) implements WampMessage {
    public static final int TYPE = 33;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, request, subscription);
    }

    static Subscribed from(Fields f) {
        f.arity(3);
        return new Subscribed(f.id(1, "SUBSCRIBE.Request"), f.id(2, "Subscription"));
    }
}
