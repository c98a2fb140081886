package dev.junction.spi.auth;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

import dev.junction.api.message.Authenticate;

/**
 * One WAMP authentication method ({@code anonymous}, {@code ticket}, {@code wampcra}, {@code cryptosign}, ...).
 * Each method is its own bundle registering one instance as an OSGi service with the service property
 * {@link #METHOD}; the router tracks them dynamically. A HELLO that offers only methods whose service is not
 * registered (or not enabled in the transport's {@code auth} configuration) gets ABORT
 * {@code wamp.error.no_matching_auth_method}.
 *
 * <p><b>Call order.</b> For one HELLO the router walks the client's {@code authmethods} in order and calls
 * {@link #hello} of the first method that is both registered and enabled on the transport. If the outcome is a
 * {@link AuthOutcome.Challenge}, the router sends CHALLENGE and calls {@link #authenticate} once with the client's
 * AUTHENTICATE and the challenge's state. An {@link AuthOutcome.Accept} completes the join (the router then checks
 * realm and role), a {@link AuthOutcome.Reject} is sent as ABORT.
 *
 * <p><b>Threading.</b> Called from transport threads, concurrently for different sessions, never concurrently for
 * one session. Implementations must not block: anything slow (a dynamic authenticator's WAMP call) completes the
 * returned stage later, from any thread.
 *
 * <p><b>Failures.</b> A stage completed exceptionally, or an exception thrown, is answered with ABORT
 * {@code wamp.error.authentication_failed} and logged; no secret is ever put in the log or the ABORT.
 */
@ConsumerType
public interface Authenticator {

    /** Service property: the method name as it appears in HELLO {@code authmethods}. */
    String METHOD = "wamp.auth.method";

    /** The method name, equal to the {@link #METHOD} service property. */
    String method();

    /** First step, on HELLO. */
    CompletionStage<AuthOutcome> hello(AuthRequest request);

    /** Second step, on AUTHENTICATE, after this authenticator answered {@link #hello} with a challenge. */
    CompletionStage<AuthOutcome> authenticate(AuthRequest request, Object challengeState, Authenticate message);
}
