package dev.junction.router.internal;

import dev.junction.api.UriCheck;

/**
 * A realm's configuration after validation.
 *
 * @param name the realm's URI, as clients send it in HELLO
 * @param uriCheck the URI rule applied to topics and procedures
 */
record RealmSettings(String name, UriCheck uriCheck) {
}
