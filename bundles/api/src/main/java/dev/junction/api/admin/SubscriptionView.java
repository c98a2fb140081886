package dev.junction.api.admin;

import java.time.Instant;
import java.util.List;

/**
 * One subscription.
 *
 * @param realm its realm
 * @param id the subscription id
 * @param uri the topic or pattern
 * @param match {@code exact}, {@code prefix} or {@code wildcard}
 * @param created when its first subscriber subscribed
 * @param subscribers the subscribed sessions' ids
 */
public record SubscriptionView(String realm, long id, String uri, String match, Instant created,
        List<Long> subscribers) {
}
