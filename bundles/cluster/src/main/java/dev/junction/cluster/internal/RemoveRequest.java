package dev.junction.cluster.internal;

import java.io.Serializable;

/**
 * The meta API of another node asks this node to remove a subscriber or callee from one of its subscriptions or
 * registrations ({@code wamp.subscription.remove_subscriber}, {@code wamp.registration.remove_callee}); the caller
 * was authorized on its own node.
 */
record RemoveRequest(String realm, String kind, long id, long session, String reason) implements Serializable {
}
