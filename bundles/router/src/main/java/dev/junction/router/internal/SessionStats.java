package dev.junction.router.internal;

/**
 * One session's overload counters and outbound queue level, as the session listing shows them. A snapshot: each
 * field is read on its own.
 *
 * @param droppedEvents EVENTs not delivered to this session because its outbound queue was full (policy {@code drop},
 *            or the one that made policy {@code disconnect} close it), or because its serializer cannot carry them
 * @param refusedInvocations INVOCATIONs not sent to this session (as callee) because its outbound queue was full;
 *            each caller got ERROR {@code wamp.error.unavailable}
 * @param refusedCalls CALLs of this session answered with ERROR at once because of a limit: its own
 *            {@code max_pending_calls}, or a callee whose queue was full
 * @param queuedBytes bytes in the outbound queue now
 * @param queuedMessages messages in the outbound queue now
 */
record SessionStats(long droppedEvents, long refusedInvocations, long refusedCalls, long queuedBytes,
        int queuedMessages) {
}
