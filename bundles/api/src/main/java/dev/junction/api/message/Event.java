package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/**
 * {@code [EVENT, SUBSCRIBED.Subscription|id, PUBLISHED.Publication|id, Details|dict, Arguments|list,
 * ArgumentsKw|dict]}
 */
public record Event(long subscription, long publication, Map<String, Object> details, Payload payload)
        implements WampMessage {
    public static final int TYPE = 36;
    static final int PAYLOAD_INDEX = 4;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, subscription, publication, details);
    }

    static Event from(Fields f, Payload p) {
        f.arity(PAYLOAD_INDEX);
        return new Event(f.id(1, "SUBSCRIBED.Subscription"), f.id(2, "PUBLISHED.Publication"),
                f.dict(3, "Details"), p);
    }
}
