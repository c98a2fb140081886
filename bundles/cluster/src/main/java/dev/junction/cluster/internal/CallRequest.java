package dev.junction.cluster.internal;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A forwarded call, to the callee's node; the answer goes to {@code replyTo}'s inbox as {@link CallReply}s
 * (progressive results, then one final). {@code callee} is which of that node's callees the caller's node chose
 * (-1: its invocation policy picks); the rest is the caller's as {@link dev.junction.spi.cluster.RemoteCall} has it.
 */
record CallRequest(long id, String replyTo, String realm, String procedure, long caller, long timeoutMillis,
        List<Object> args, Map<String, Object> kwargs, int callee, boolean receiveProgress, boolean discloseMe,
        String disclosure, Map<String, Object> callerDetails, boolean progress, String callerSerializer,
        Map<String, Object> passthru) implements Serializable {
}
