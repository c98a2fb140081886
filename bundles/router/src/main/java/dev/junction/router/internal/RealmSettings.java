package dev.junction.router.internal;

import dev.junction.api.UriCheck;

/**
 * A realm's configuration after validation.
 *
 * @param name the realm's URI, as clients send it in HELLO
 * @param uriCheck the URI rule applied to topics and procedures
 * @param metaApi whether the realm answers the {@code wamp.session.*}, {@code wamp.registration.*} and
 *            {@code wamp.subscription.*} meta procedures and publishes the meta events
 */
record RealmSettings(String name, UriCheck uriCheck, boolean metaApi) {

    /** A realm with the meta API on, as Crossbar's default. */
    RealmSettings(String name, UriCheck uriCheck) {
        this(name, uriCheck, true);
    }
}
