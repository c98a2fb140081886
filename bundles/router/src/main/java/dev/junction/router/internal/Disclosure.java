package dev.junction.router.internal;

/**
 * Whether a caller's or publisher's identity reaches callees and subscribers. One rule everywhere: disclosed when
 * the role says {@link #ALWAYS}, or when the client asks ({@code disclose_me}, or a callee's {@code disclose_caller})
 * and the role does not say {@link #NEVER}; a {@code disclose_me} under {@code NEVER} is refused with
 * {@code wamp.error.option_disallowed.disclose_me}.
 */
enum Disclosure {
    /** The role's permission discloses (Crossbar's {@code disclose: {caller: true}}). */
    ALWAYS,
    /** Disclosed when the client asks: the default, and what Crossbar's {@code disclose: false} becomes. */
    ON_REQUEST,
    /** The role conceals the identity and refuses {@code disclose_me}. */
    NEVER;

    /** Whether to disclose, given whether the client (or the callee) asked for it. */
    boolean discloses(boolean requested) {
        return this == ALWAYS || (this == ON_REQUEST && requested);
    }
}
