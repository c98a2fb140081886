package dev.junction.router.internal;

import java.util.concurrent.Future;

/**
 * A call routed to a callee and not yet answered. It is indexed twice: by the caller's CALL request id in the
 * caller's session and by the INVOCATION request id in the callee's session; whoever removes it from the callee's
 * index first (the final YIELD or ERROR, a cancel, a timeout, the callee leaving, shutdown) answers the caller.
 * Progressive results travel while it stays in both indexes.
 */
final class PendingCall {
    private final WampSession caller;
    private final long callRequest;
    private final WampSession callee;
    private final long invocationRequest;
    private final Registration registration;
    private final boolean progressive;
    private final long timeoutMillis;
    private final long startNanos = RouterCounters.COUNTING ? System.nanoTime() : 0;
    private final RealmCounters counters;
    /**
     * Progressive call invocations: the caller still sends chunks (CALLs with this request id). Written by the
     * caller's thread only.
     */
    private volatile boolean streaming;
    /** The INVOCATION.Details of the first chunk, which every later chunk repeats (the spec freezes them). */
    private volatile java.util.Map<String, Object> invocationDetails = java.util.Map.of();
    /** A caller on another node (through the internal session): its serializer's name, else null. */
    private volatile String remoteCallerSerializer;
    /** The running timeout timer, replaced at every progressive result; guarded by this. */
    private Future<?> timer;

    PendingCall(WampSession caller, long callRequest, WampSession callee, long invocationRequest,
            Registration registration, boolean progressive, long timeoutMillis, RealmCounters counters) {
        this.counters = counters;
        this.caller = caller;
        this.callRequest = callRequest;
        this.callee = callee;
        this.invocationRequest = invocationRequest;
        this.registration = registration;
        this.progressive = progressive;
        this.timeoutMillis = timeoutMillis;
    }

    /** The call is over (answered, canceled, timed out or its callee gone): its latency counts. */
    void ended() {
        if (!RouterCounters.COUNTING) {
            return;
        }
        counters.callEnded(System.nanoTime() - startNanos);
    }

    WampSession caller() {
        return caller;
    }

    long callRequest() {
        return callRequest;
    }

    WampSession callee() {
        return callee;
    }

    long invocationRequest() {
        return invocationRequest;
    }

    Registration registration() {
        return registration;
    }

    /** The caller asked for progressive results and the callee can produce them. */
    boolean progressive() {
        return progressive;
    }

    /** The router-enforced timeout in milliseconds (between results, for progressive calls), 0 for none. */
    long timeoutMillis() {
        return timeoutMillis;
    }

    boolean streaming() {
        return streaming;
    }

    void streaming(boolean more) {
        streaming = more;
    }

    java.util.Map<String, Object> invocationDetails() {
        return invocationDetails;
    }

    void invocationDetails(java.util.Map<String, Object> details) {
        invocationDetails = details;
    }

    String remoteCallerSerializer() {
        return remoteCallerSerializer;
    }

    void remoteCallerSerializer(String name) {
        remoteCallerSerializer = name;
    }

    synchronized void timer(Future<?> next) {
        if (timer != null) {
            timer.cancel(false);
        }
        timer = next;
    }

    synchronized void stopTimer() {
        timer(null);
    }
}
