package dev.junction.router.internal;

import java.util.Map;

import dev.junction.api.WampUris;

/**
 * An authorization answer for one action on one URI: allowed or not, and how the acting session's identity is
 * disclosed (meaningful for {@link Action#CALL} and {@link Action#PUBLISH}); {@code failed} when a dynamic
 * authorizer could not decide.
 */
record Decision(boolean allowed, Disclosure disclosure, boolean failed) {
    /** A realm without roles: everything allowed, identity disclosed on request. */
    static final Decision OPEN = new Decision(true, Disclosure.ON_REQUEST, false);
    /** The reserved role {@code trusted}: everything allowed, identity always disclosed (as in Crossbar). */
    static final Decision TRUSTED = new Decision(true, Disclosure.ALWAYS, false);
    static final Decision DENIED = new Decision(false, Disclosure.ON_REQUEST, false);
    /** A dynamic authorizer failed (error, timeout, malformed answer): {@code wamp.error.authorization_failed}. */
    static final Decision FAILED = new Decision(false, Disclosure.ON_REQUEST, true);

    /** The spec's answer to {@code disclose_me} where the role conceals the identity. */
    static final String ERROR_DISCLOSE_ME_DISALLOWED = "wamp.error.option_disallowed.disclose_me";

    /**
     * The error URI refusing an action with these options ({@code wamp.error.not_authorized},
     * {@code wamp.error.authorization_failed} or {@link #ERROR_DISCLOSE_ME_DISALLOWED}), or {@code null} when it may
     * go ahead.
     */
    String refusal(Map<String, Object> options) {
        if (failed) {
            return WampUris.ERROR_AUTHORIZATION_FAILED;
        }
        if (!allowed) {
            return WampUris.ERROR_NOT_AUTHORIZED;
        }
        if (disclosure == Disclosure.NEVER && Boolean.TRUE.equals(options.get("disclose_me"))) {
            return ERROR_DISCLOSE_ME_DISALLOWED;
        }
        return null;
    }

    /** The ERROR's message for {@link #refusal}; {@code what} is e.g. {@code call procedure 'a.b'}. */
    static String explain(String refusal, String what) {
        return switch (refusal) {
            case WampUris.ERROR_NOT_AUTHORIZED -> "session is not authorized to " + what;
            case WampUris.ERROR_AUTHORIZATION_FAILED -> "the authorizer could not decide whether the session may "
                    + what;
            default -> "the session's role does not allow disclose_me to " + what;
        };
    }
}
