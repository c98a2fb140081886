package dev.junction.router.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

import dev.junction.api.ProtocolViolationException;
import dev.junction.spi.cluster.RemoteCallHandle;

/**
 * The calls of this node's callers that run on another node: so that a CANCEL follows its call there, and a caller
 * that leaves (or is shut down) ends them. Whoever removes a call from here answers its caller, exactly once.
 */
final class ForwardedCalls {
    /** One forwarded call; its handle arrives once the cluster has sent it. */
    static final class Forwarded {
        private final WampSession caller;
        private final long request;
        private volatile RemoteCallHandle handle;
        /** Progressive call invocations: the caller still sends chunks. Written by the caller's thread only. */
        private volatile boolean streaming;

        private Forwarded(WampSession caller, long request) {
            this.caller = caller;
            this.request = request;
        }

        void handle(RemoteCallHandle sent) {
            handle = sent;
        }

        void streaming(boolean more) {
            streaming = more;
        }

        private void cancel(String mode) {
            RemoteCallHandle h = handle;
            if (h != null) {
                h.cancel(mode);
            }
        }
    }

    private record Key(WampSession caller, long request) {
    }

    private final ConcurrentHashMap<Key, Forwarded> calls = new ConcurrentHashMap<>();

    /** A call about to be forwarded; a request id already in flight is a protocol violation, as locally. */
    Forwarded start(WampSession caller, long request) {
        Forwarded f = new Forwarded(caller, request);
        if (caller.callsAsCaller.containsKey(request) || calls.putIfAbsent(new Key(caller, request), f) != null) {
            throw new ProtocolViolationException("CALL request " + request + " is already in flight");
        }
        return f;
    }

    /** Whether {@code f} still runs (a progressive result may go to its caller). */
    boolean running(Forwarded f) {
        return calls.get(new Key(f.caller, f.request)) == f;
    }

    /** Ends {@code f}; true for the one who answers its caller. */
    boolean end(Forwarded f) {
        return calls.remove(new Key(f.caller, f.request), f);
    }

    /** Whether {@code caller}'s {@code request} is a progressive call invocation on another node, still sending. */
    boolean streaming(WampSession caller, long request) {
        Forwarded f = calls.get(new Key(caller, request));
        return f != null && f.streaming;
    }

    /** The caller's next chunk, to the callee's node; the last one when {@code more} is false. */
    void chunk(WampSession caller, long request, dev.junction.api.message.Payload payload, boolean more) {
        Forwarded f = calls.get(new Key(caller, request));
        if (f != null && f.streaming) {
            f.streaming = more;
            RemoteCallHandle h = f.handle;
            if (h != null) {
                h.chunk(payload, more);
            }
        }
    }

    /** Whether {@code caller} has a call running on another node (a scan: for shutdown only). */
    boolean any(WampSession caller) {
        for (Forwarded f : calls.values()) {
            if (f.caller == caller) {
                return true;
            }
        }
        return false;
    }

    /** The caller's CANCEL, to the callee's node; its answer comes back as the call's answer. */
    void cancel(WampSession caller, long request, String mode) {
        Forwarded f = calls.get(new Key(caller, request));
        if (f != null) {
            f.cancel(mode);
        }
    }

    /**
     * Ends every call of {@code caller} and tells the callees' nodes ({@code killnowait}, as a local callee is told
     * when its caller leaves); {@code answer} gets each call's request id to answer the caller, if it is still there.
     */
    void endAll(WampSession caller, LongConsumer answer) {
        for (Map.Entry<Key, Forwarded> e : calls.entrySet()) {
            Forwarded f = e.getValue();
            if (f.caller == caller && calls.remove(e.getKey(), f)) {
                f.cancel(Dealer.MODE_KILLNOWAIT);
                answer.accept(f.request);
            }
        }
    }
}
