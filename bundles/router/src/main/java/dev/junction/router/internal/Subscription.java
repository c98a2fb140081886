package dev.junction.router.internal;

import java.util.concurrent.CopyOnWriteArraySet;

import dev.junction.api.MatchPolicy;

/**
 * One subscription: a topic (or pattern) and the sessions subscribed to it. All subscribers of a subscription
 * share its id, so one encoded EVENT serves them all. The subscriber set is copy-on-write: fan-out reads it far more
 * often than sessions subscribe or leave.
 */
final class Subscription {
    final long id;
    final String topic;
    final MatchPolicy match;
    /** When it was created, ISO 8601, for the meta API. */
    final String created = java.time.Instant.now().toString();
    final CopyOnWriteArraySet<WampSession> subscribers = new CopyOnWriteArraySet<>();

    Subscription(long id, String topic, MatchPolicy match) {
        this.id = id;
        this.topic = topic;
        this.match = match;
    }
}
