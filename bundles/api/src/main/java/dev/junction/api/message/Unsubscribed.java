package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/**
 * {@code [UNSUBSCRIBED, UNSUBSCRIBE.Request|id]}, or with subscription revocation
 * {@code [UNSUBSCRIBED, 0, Details|dict]}. {@code details} is {@code null} in the short form.
 */
public record Unsubscribed(long request, Map<String, Object> details) implements WampMessage {
    public static final int TYPE = 35;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return details == null ? List.of(TYPE, request) : List.of(TYPE, request, details);
    }

    static Unsubscribed from(Fields f) {
        f.arity(2, 3);
        return new Unsubscribed(f.idOrZero(1, "UNSUBSCRIBE.Request"), f.size() == 3 ? f.dict(2, "Details") : null);
    }
}
