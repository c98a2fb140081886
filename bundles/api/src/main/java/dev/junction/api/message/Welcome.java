package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/** {@code [WELCOME, Session|id, Details|dict]} */
public record Welcome(long session, Map<String, Object> details) implements WampMessage {
    public static final int TYPE = 2;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, session, details);
    }

    static Welcome from(Fields f) {
        f.arity(3);
        return new Welcome(f.id(1, "Session"), f.dict(2, "Details"));
    }
}
