package dev.junction.api.admin;

import java.time.Instant;
import java.util.List;

/**
 * One registration.
 *
 * @param realm its realm
 * @param id the registration id
 * @param uri the procedure or pattern
 * @param match {@code exact}, {@code prefix} or {@code wildcard}
 * @param invoke the invocation policy ({@code single}, {@code roundrobin}, ...)
 * @param created when its first callee registered
 * @param callees the registered sessions' ids, in registration order
 */
public record RegistrationView(String realm, long id, String uri, String match, String invoke, Instant created,
        List<Long> callees) {
}
