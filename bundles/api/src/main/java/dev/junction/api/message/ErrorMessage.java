package dev.junction.api.message;

import java.util.List;
import java.util.Map;

/**
 * {@code [ERROR, REQUEST.Type|int, REQUEST.Request|id, Details|dict, Error|uri, Arguments|list, ArgumentsKw|dict]}
 * (named {@code ErrorMessage} so that it does not shadow {@link java.lang.Error}).
 */
public record ErrorMessage(int requestType, long request, Map<String, Object> details, String error, Payload payload)
        implements WampMessage {
    public static final int TYPE = 8;
    static final int PAYLOAD_INDEX = 5;

    /** An ERROR answering request {@code request} of type {@code requestType}, without details. */
    public static ErrorMessage of(int requestType, long request, String error, Payload payload) {
        return new ErrorMessage(requestType, request, Map.of(), error, payload);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public List<Object> head() {
        return List.of(TYPE, requestType, request, details, error);
    }

    static ErrorMessage from(Fields f, Payload p) {
        f.arity(PAYLOAD_INDEX);
        long requestType = f.integer(1, "REQUEST.Type");
        return new ErrorMessage((int) requestType, f.id(2, "REQUEST.Request"), f.dict(3, "Details"),
                f.string(4, "Error"), p);
    }
}
