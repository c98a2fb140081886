package dev.junction.router.internal;

import dev.junction.api.MatchPolicy;

/**
 * One registration: a procedure and the session that implements it. The invocation policy is {@code single}: one
 * callee per procedure.
 */
final class Registration {
    final long id;
    final String procedure;
    final MatchPolicy match;
    final WampSession callee;

    Registration(long id, String procedure, MatchPolicy match, WampSession callee) {
        this.id = id;
        this.procedure = procedure;
        this.match = match;
        this.callee = callee;
    }
}
