package dev.junction.api.admin;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The router's management view, registered as a service by the router bundle while the router runs.
 *
 * <p><b>Threading.</b> Every method may be called from any thread; the lists are snapshots taken without stopping
 * routing, so a session that joins or leaves meanwhile may or may not be in them. Each list is sorted (realm, then
 * id or uri) so that tools can show it as it is.
 */
@ProviderType
public interface RouterAdmin {

    /** Every configured listening transport, applied or refused, sorted by id. */
    List<TransportView> transports();

    /** Every realm, sorted by name. */
    List<RealmView> realms();

    /** The joined sessions of {@code realm}, or of every realm when it is {@code null}. */
    List<SessionView> sessions(String realm);

    /** The subscriptions of {@code realm}, or of every realm when it is {@code null}. */
    List<SubscriptionView> subscriptions(String realm);

    /** The registrations of {@code realm}, or of every realm when it is {@code null}. */
    List<RegistrationView> registrations(String realm);

    /**
     * Ends a session as the meta procedure {@code wamp.session.kill} does: GOODBYE with {@code reason} (default
     * {@code wamp.close.killed}), then the session leaves its realm. Returns at once; the GOODBYE is sent on the
     * router's timer thread.
     *
     * @param reason a URI, or {@code null} for {@code wamp.close.killed}
     * @return false when no joined session has that id
     * @throws IllegalArgumentException when {@code reason} is not a URI
     */
    boolean kill(long sessionId, String reason);

    /**
     * Switches tracing of one joined session on or off, without a restart: while on, each WAMP message the session
     * sends or receives is logged at INFO on logger {@code dev.junction.router.trace} with its type, request id, URI
     * and size (and its arguments when {@code payloads}), the session named in the MDC. Authentication secrets are
     * never logged. Tracing ends when the connection closes.
     *
     * @return false when no session with this id is joined
     * @since 1.1
     */
    boolean trace(long sessionId, boolean on, boolean payloads);
}
