package dev.junction.api.message;

import java.util.List;

/** {@code [UNSUBSCRIBE, Request|id, SUBSCRIBED.Subscription|id]} */
public record Unsubscribe(long request, long subscription) implements WampMessage {
    public static final int TYPE = 34;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, request, subscription);
    }

    static Unsubscribe from(Fields f) {
        f.arity(3);
        return new Unsubscribe(f.id(1, "Request"), f.id(2, "SUBSCRIBED.Subscription"));
    }
}
