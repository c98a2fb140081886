package dev.junction.router.internal;

import java.util.Map;

/**
 * The roles and features the router announces in WELCOME: exactly the features that work and have tests, kept in
 * this one place so that the announcement and the implementation cannot drift apart.
 */
final class Features {
    private Features() {
    }

    static final Map<String, Object> BROKER = Map.of(
            "publisher_exclusion", true,
            "publisher_identification", true,
            "subscriber_blackwhite_listing", true,
            "pattern_based_subscription", true,
            "event_retention", true,
            "session_meta_api", true,
            "subscription_meta_api", true,
            "testament_meta_api", true); // testaments are publications; Crossbar announces it for the dealer only

    static final Map<String, Object> DEALER = Map.of(
            "caller_identification", true,
            "progressive_call_results", true,
            "call_canceling", true,
            "call_timeout", true,
            "pattern_based_registration", true,
            "shared_registration", true,
            "session_meta_api", true,
            "registration_meta_api", true,
            "testament_meta_api", true);

    static final Map<String, Object> ROLES = Map.of(
            "broker", Map.of("features", BROKER),
            "dealer", Map.of("features", DEALER));
}
