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
 */
record RealmSettings(String name, UriCheck uriCheck, boolean metaApi, Map<String, Integer> eventHistory) {

    RealmSettings {
        eventHistory = Map.copyOf(eventHistory);
    }

    /** A realm without event history. */
    RealmSettings(String name, UriCheck uriCheck, boolean metaApi) {
        this(name, uriCheck, metaApi, Map.of());
    }

    /** A realm with the meta API on, as Crossbar's default. */
    RealmSettings(String name, UriCheck uriCheck) {
        this(name, uriCheck, true);
    }
}
