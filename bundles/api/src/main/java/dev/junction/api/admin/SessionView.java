package dev.junction.api.admin;

import java.time.Instant;

/**
 * One joined session.
 *
 * @param id the session id
 * @param realm the realm it joined
 * @param authid its authenticated identity
 * @param authrole its role
 * @param authmethod how it authenticated
 * @param transportId the id of the listening transport it came through
 * @param serializer the serializer's name ({@code json}, {@code msgpack})
 * @param peer the remote end as Crossbar writes it ({@code tcp4:127.0.0.1:52124})
 * @param joinedAt when the router sent WELCOME
 * @param droppedEvents EVENTs dropped for this subscriber by the realm's {@code drop} policy (its queue was full)
 * @param refusedInvocations INVOCATIONs not queued for this callee (its queue was full; the callers got ERROR)
 * @param refusedCalls CALLs of this caller refused over the realm's {@code max_pending_calls}
 * @param queuedBytes bytes waiting in its outbound queue now
 * @param queuedMessages messages waiting in its outbound queue now
 */
public record SessionView(long id, String realm, String authid, String authrole, String authmethod,
        String transportId, String serializer, String peer, Instant joinedAt, long droppedEvents,
        long refusedInvocations, long refusedCalls, long queuedBytes, int queuedMessages) {
}
