package dev.junction.spi.auth;

import java.util.Map;

/** The result of one authentication step. */
public sealed interface AuthOutcome {

    /**
     * Send CHALLENGE with {@code extra}; {@code state} is handed back to
     * {@link Authenticator#authenticate} and never leaves the router.
     */
    record Challenge(Map<String, Object> extra, Object state) implements AuthOutcome {
    }

    /**
     * The client is who it says. {@code realm} may be {@code null} to keep the realm of the HELLO.
     * {@code authextra} goes to WELCOME.
     */
    record Accept(String authid, String authrole, String authprovider, String realm, Map<String, Object> authextra)
            implements AuthOutcome {
    }

    /**
     * This method does not apply to this client (a {@code cookie} method without a remembered authentication): the
     * router tries the client's next method, as if this one had not been offered. Added in 1.2.0.
     */
    record Pass(String message) implements AuthOutcome {
    }

    /** ABORT with {@code reason} (a {@code wamp.error.*} URI) and a message that contains no secret. */
    record Reject(String reason, String message) implements AuthOutcome {
    }
}
