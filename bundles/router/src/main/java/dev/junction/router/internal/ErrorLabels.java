package dev.junction.router.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

import dev.junction.api.WampUris;

/**
 * Error URIs as metric labels. A label set must stay bounded whatever the clients send (a callee may answer with
 * any URI, even one under {@code wamp.error.}), so only the URIs the router itself knows are kept by name.
 */
final class ErrorLabels {
    /** The label of every error URI that is not one of the router's own. */
    static final String APPLICATION = "application";

    private static final Set<String> KNOWN = known();

    private ErrorLabels() {
    }

    static String of(String uri) {
        return uri != null && KNOWN.contains(uri) ? uri : APPLICATION;
    }

    private static Set<String> known() {
        Set<String> uris = new HashSet<>();
        for (Field f : WampUris.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && f.getName().startsWith("ERROR_")) {
                try {
                    uris.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        uris.add(WampSession.ERROR_TOO_MANY_PENDING_CALLS);
        uris.add(Decision.ERROR_DISCLOSE_ME_DISALLOWED);
        uris.add(Dealer.ERROR_DIFFERENT_POLICY);
        uris.add(Dealer.ERROR_FEATURE_NOT_SUPPORTED);
        return Set.copyOf(uris);
    }
}
