package dev.junction.cluster.internal;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** A forwarded call, to the callee's node; the answer goes to {@code replyTo}'s inbox as a {@link CallReply}. */
record CallRequest(long id, String replyTo, String realm, String procedure, long caller, long timeoutMillis,
        List<Object> args, Map<String, Object> kwargs) implements Serializable {
}
