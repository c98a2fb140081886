package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/** {@code [SUBSCRIBE, Request|id, Options|dict, Topic|uri]} */
public record Subscribe(long request, Map<String, Object> options, String topic) implements WampMessage {
    public static final int TYPE = 32;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, request, options, topic);
    }

    static Subscribe from(Fields f) {
        f.arity(4);
        return new Subscribe(f.id(1, "Request"), f.dict(2, "Options"), f.string(3, "Topic"));
    }
}
