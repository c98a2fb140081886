package dev.junction.router.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The roles and features the router announces in WELCOME: exactly the features that work and have tests, kept in
 * this one place so that the announcement and the implementation cannot drift apart.
 */
final class Features {
    private Features() {
    }

    static final Map<String, Object> BROKER = announce(
            "publisher_exclusion",
            "publisher_identification",
            "subscriber_blackwhite_listing",
            "pattern_based_subscription",
            "event_retention",
            "event_history",
            "session_meta_api",
            "subscription_meta_api",
            "testament_meta_api", // testaments are publications; Crossbar announces it for the dealer only
            "subscription_revocation",
            "payload_passthru_mode");

    static final Map<String, Object> DEALER = announce(
            "caller_identification",
            "progressive_call_results",
            "progressive_call_invocations",
            "call_canceling",
            "call_timeout",
            "pattern_based_registration",
            "shared_registration",
            "session_meta_api",
            "registration_meta_api",
            "testament_meta_api",
            "registration_revocation",
            "payload_passthru_mode");

    static final Map<String, Object> ROLES = Map.of(
            "broker", Map.of("features", BROKER),
            "dealer", Map.of("features", DEALER));

    private static Map<String, Object> announce(String... features) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String feature : features) {
            map.put(feature, true);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
