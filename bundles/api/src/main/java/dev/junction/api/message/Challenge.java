package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/** {@code [CHALLENGE, AuthMethod|string, Extra|dict]} */
public record Challenge(String authMethod, Map<String, Object> extra) implements WampMessage {
    public static final int TYPE = 4;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, authMethod, extra);
    }

    static Challenge from(Fields f) {
        f.arity(3);
        return new Challenge(f.string(1, "AuthMethod"), f.dict(2, "Extra"));
    }
}
