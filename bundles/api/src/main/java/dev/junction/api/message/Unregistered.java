package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/**
 * {@code [UNREGISTERED, UNREGISTER.Request|id]}, or with registration revocation
 * {@code [UNREGISTERED, 0, Details|dict]}. {@code details} is {@code null} in the short form.
 */
public record Unregistered(long request, Map<String, Object> details) implements WampMessage {
    public static final int TYPE = 67;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return details == null ? List.of(TYPE, request) : List.of(TYPE, request, details);
    }

    static Unregistered from(Fields f) {
        f.arity(2, 3);
        return new Unregistered(f.idOrZero(1, "UNREGISTER.Request"), f.size() == 3 ? f.dict(2, "Details") : null);
    }
}
