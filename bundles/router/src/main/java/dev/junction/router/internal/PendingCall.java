package dev.junction.router.internal;

/**
 * A call routed to a callee and not yet answered. It is indexed twice: by the caller's CALL request id in the
 * caller's session and by the INVOCATION request id in the callee's session; whoever removes it from the callee's
 * index first (a YIELD, an ERROR, the callee leaving, shutdown) answers the caller.
 */
record PendingCall(WampSession caller, long callRequest, WampSession callee, long invocationRequest,
        Registration registration) {
}
