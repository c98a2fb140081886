package dev.junction.cluster.internal;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * An answer to a {@link CallRequest}: a progressive result ({@code progress}), the final result
 * ({@code error == null}) or an error URI, with its payload and details (the callee's {@code ppt_*}).
 */
record CallReply(long id, String error, List<Object> args, Map<String, Object> kwargs, boolean progress,
        Map<String, Object> details) implements Serializable {

    CallReply(long id, String error, List<Object> args, Map<String, Object> kwargs) {
        this(id, error, args, kwargs, false, Map.of());
    }
}
