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
 */
public record SessionView(long id, String realm, String authid, String authrole, String authmethod,
        String transportId, String serializer, String peer, Instant joinedAt) {
}
