package dev.junction.api.admin;

import java.time.Instant;

/**
 * The state of one component's session on one connecting transport.
 *
 * @param connection the connecting transport's id
 * @param component the component's service id
 * @param state {@code CONNECTING}, {@code JOINED}, {@code RETRYING} or {@code STOPPED}
 * @param sessionId the WAMP session id while joined, else 0
 * @param attempts failed attempts since the last successful join
 * @param nextAttempt when the next attempt is due while retrying, else {@code null}
 * @param lastError the last failure, or {@code null}
 */
public record ConnectionStatus(String connection, long component, String state, long sessionId, int attempts,
        Instant nextAttempt, String lastError) {
}
