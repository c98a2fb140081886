package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/** {@code [AUTHENTICATE, Signature|string, Extra|dict]} */
public record Authenticate(String signature, Map<String, Object> extra) implements WampMessage {
    public static final int TYPE = 5;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, signature, extra);
    }

    @Override
    public String toString() {
        return "Authenticate[signature=***, extra=" + extra + "]"; // never log a secret
    }

    static Authenticate from(Fields f) {
        f.arity(3);
        return new Authenticate(f.string(1, "Signature"), f.dict(2, "Extra"));
    }
}
