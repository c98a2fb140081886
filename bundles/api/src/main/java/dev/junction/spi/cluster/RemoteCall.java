package dev.junction.spi.cluster;

import dev.junction.api.message.Payload;

/**
 * A call that no callee of the caller's node serves, forwarded to a node whose registration matches.
 *
 * @param realm the realm of the call
 * @param procedure the procedure called
 * @param caller the caller's session id
 * @param timeoutMillis the caller's {@code timeout} option (0: none; the cluster applies its own bound)
 * @param payload the arguments (still encoded as they arrived)
 */
public record RemoteCall(String realm, String procedure, long caller, long timeoutMillis, Payload payload) {
}
