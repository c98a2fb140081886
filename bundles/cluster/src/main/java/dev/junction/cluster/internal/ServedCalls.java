package dev.junction.cluster.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.junction.spi.cluster.RemoteCallHandle;

/**
 * The calls this node serves for callers on other nodes, while they run: a caller's CANCEL reaches its call here, and
 * the calls of a node that leaves are canceled ({@code killnowait}, as when a local caller leaves).
 */
final class ServedCalls {
    /** One call; its handle arrives once the router has taken it. */
    static final class Served {
        private final String from;
        private volatile RemoteCallHandle handle;
        private volatile String pendingCancel;

        private Served(String from) {
            this.from = from;
        }

        /** The router took the call: a CANCEL that came first is passed on now. */
        void handle(RemoteCallHandle taken) {
            handle = taken;
            String mode = pendingCancel;
            if (mode != null) {
                taken.cancel(mode);
            }
        }

        void cancel(String mode) {
            RemoteCallHandle h = handle;
            if (h != null) {
                h.cancel(mode);
            } else {
                pendingCancel = mode;
            }
        }
    }

    private final ConcurrentHashMap<String, Served> calls = new ConcurrentHashMap<>();

    private static String key(String from, long id) {
        return from + '/' + id;
    }

    Served start(String from, long id) {
        Served s = new Served(from);
        calls.put(key(from, id), s);
        return s;
    }

    /** The call's final answer left. */
    void end(String from, long id) {
        calls.remove(key(from, id));
    }

    /** The caller's next chunk of a progressive call invocation (the handle is there: chunks follow the call). */
    void chunk(String from, long id, dev.junction.api.message.Payload payload, boolean more) {
        Served s = calls.get(key(from, id));
        RemoteCallHandle h = s == null ? null : s.handle;
        if (h != null) {
            h.chunk(payload, more);
        }
    }

    void cancel(String from, long id, String mode) {
        Served s = calls.get(key(from, id));
        if (s != null) {
            s.cancel(mode);
        }
    }

    /** The caller's node left: its calls are canceled, their answers go nowhere. */
    void cancelFrom(String node) {
        for (Map.Entry<String, Served> e : calls.entrySet()) {
            if (e.getValue().from.equals(node) && calls.remove(e.getKey(), e.getValue())) {
                e.getValue().cancel("killnowait");
            }
        }
    }
}
