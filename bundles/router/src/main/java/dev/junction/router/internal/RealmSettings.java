package dev.junction.router.internal;

import java.util.Map;

import dev.junction.api.UriCheck;

/**
 * A realm's configuration after validation.
 *
 * @param name the realm's URI, as clients send it in HELLO
 * @param uriCheck the URI rule applied to topics and procedures
 * @param metaApi whether the realm answers the {@code wamp.session.*}, {@code wamp.registration.*} and
 *            {@code wamp.subscription.*} meta procedures and publishes the meta events
 * @param eventHistory topics with event history and how many publications each keeps (exact topic URIs)
 * @param outbound the bound on each session's outbound queue and what happens when an event does not fit
 * @param maxPendingCalls how many calls one session may have in flight as caller; 0 means unlimited
 */
record RealmSettings(String name, UriCheck uriCheck, boolean metaApi, Map<String, Integer> eventHistory,
        OutboundLimits outbound, int maxPendingCalls) {

    static final int DEFAULT_MAX_PENDING_CALLS = 1000;

    RealmSettings {
        eventHistory = Map.copyOf(eventHistory);
    }

    /** A realm with event history and the default limits. */
    RealmSettings(String name, UriCheck uriCheck, boolean metaApi, Map<String, Integer> eventHistory) {
        this(name, uriCheck, metaApi, eventHistory, OutboundLimits.DEFAULTS, DEFAULT_MAX_PENDING_CALLS);
    }

    /** A realm with these limits and without event history. */
    RealmSettings(String name, UriCheck uriCheck, boolean metaApi, OutboundLimits outbound, int maxPendingCalls) {
        this(name, uriCheck, metaApi, Map.of(), outbound, maxPendingCalls);
    }

    /** A realm with the meta API on, as Crossbar's default. */
    RealmSettings(String name, UriCheck uriCheck) {
        this(name, uriCheck, true);
    }

    /** A realm with the default limits and without event history. */
    RealmSettings(String name, UriCheck uriCheck, boolean metaApi) {
        this(name, uriCheck, metaApi, Map.of());
    }
}
