package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/** {@code [HELLO, Realm|uri, Details|dict]} */
public record Hello(String realm, Map<String, Object> details) implements WampMessage {
    public static final int TYPE = 1;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, realm, details);
    }

    static Hello from(Fields f) {
        f.arity(3);
        return new Hello(f.string(1, "Realm"), f.dict(2, "Details"));
    }
}
