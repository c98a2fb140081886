package dev.junction.spi.call;

import java.util.List;
import java.util.Map;

/** An {@link InternalCaller} call answered with an ERROR (or one the router made up: timeout, no callee...). */
public final class CallFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final transient List<Object> args;
    private final transient Map<String, Object> kwargs;

    public CallFailedException(String error, List<Object> args, Map<String, Object> kwargs) {
        super(error + (args == null || args.isEmpty() ? "" : " " + args));
        this.error = error;
        this.args = args == null ? List.of() : args;
        this.kwargs = kwargs == null ? Map.of() : kwargs;
    }

    /** The WAMP error URI. */
    public String error() {
        return error;
    }

    public List<Object> args() {
        return args;
    }

    public Map<String, Object> kwargs() {
        return kwargs;
    }
}
