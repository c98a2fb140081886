package dev.junction.spi.call;

import java.util.List;
import java.util.Map;

/** The RESULT of an {@link InternalCaller} call. */
public record CallResult(List<Object> args, Map<String, Object> kwargs) {

    /** The first positional result, or {@code null}: what a procedure "returns" in most client libraries. */
    public Object first() {
        return args.isEmpty() ? null : args.get(0);
    }
}
