package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/** {@code [PUBLISH, Request|id, Options|dict, Topic|uri, Arguments|list, ArgumentsKw|dict]} */
public record Publish(long request, Map<String, Object> options, String topic, Payload payload)
        implements WampMessage {
    public static final int TYPE = 16;
    static final int PAYLOAD_INDEX = 4;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, request, options, topic);
    }

    static Publish from(Fields f, Payload p) {
        f.arity(PAYLOAD_INDEX);
        return new Publish(f.id(1, "Request"), f.dict(2, "Options"), f.string(3, "Topic"), p);
    }
}
