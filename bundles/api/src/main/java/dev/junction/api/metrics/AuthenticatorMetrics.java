package dev.junction.api.metrics;

import java.util.Map;

/**
 * One authentication method, as the router invoked it.
 *
 * @param method {@code anonymous}, {@code ticket}, {@code wampcra}, ...
 * @param successes sessions that authenticated with it and joined
 * @param failures refused authentications, by reason: the ABORT URI as in {@link RealmMetrics#errors} (e.g.
 *            {@code wamp.error.authentication_failed}, {@code wamp.error.no_such_role}), or {@code exception} when
 *            the authenticator failed
 */
public record AuthenticatorMetrics(String method, long successes, Map<String, Long> failures) {

    public AuthenticatorMetrics {
        failures = Map.copyOf(failures);
    }
}
