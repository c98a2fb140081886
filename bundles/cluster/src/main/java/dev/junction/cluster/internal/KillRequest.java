package dev.junction.cluster.internal;

import java.io.Serializable;

/**
 * The meta API of another node asks this node to end one of its sessions ({@code wamp.session.kill*}); the caller
 * was authorized on its own node.
 */
record KillRequest(String realm, long session, String reason, String message) implements Serializable {
}
