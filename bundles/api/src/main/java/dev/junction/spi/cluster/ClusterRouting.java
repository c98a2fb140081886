package dev.junction.spi.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.annotation.versioning.ConsumerType;

import dev.junction.api.MatchPolicy;

/**
 * Routing across the nodes of a cluster, offered as a service by a cluster bundle and called by the router. At most
 * one is used at a time. The router calls it on its routing threads, some of them under a realm's lock: every method
 * must return quickly and never block on the network.
 */
@ConsumerType
public interface ClusterRouting {

    /**
     * Starts routing for {@code router}: the router then reports every subscription it already has through
     * {@link #subscriptionAdded} and delivers events from other nodes when {@link LocalRouting#deliver} is called.
     */
    void attach(LocalRouting router);

    /** The router no longer uses this service; its subscriptions are to be withdrawn from the other nodes. */
    void detach(LocalRouting router);

    /**
     * A session id for a new session: random in {@code [1, 2^53]} and not handed out by any other node of the
     * cluster. The router still checks it against its own sessions.
     */
    long newSessionId();

    /** The node has its first subscriber of {@code topic} with {@code match} in {@code realm}. Idempotent. */
    void subscriptionAdded(String realm, MatchPolicy match, String topic);

    /** The node's last subscriber of {@code topic} with {@code match} in {@code realm} left. Idempotent. */
    void subscriptionRemoved(String realm, MatchPolicy match, String topic);

    /**
     * A client of this node published {@code publication} (the router has served its own subscribers): forward it,
     * once, to every other node that has a subscription matching its topic, keeping the order of one publisher's
     * publications.
     */
    void published(RemotePublication publication);

    /**
     * The node has its first callee of {@code procedure} with {@code match} in {@code realm}, registered with
     * invocation policy {@code invoke}. Idempotent.
     */
    void registrationAdded(String realm, MatchPolicy match, String procedure, String invoke);

    /** The node's last callee of {@code procedure} with {@code match} in {@code realm} left. Idempotent. */
    void registrationRemoved(String realm, MatchPolicy match, String procedure);

    /**
     * Whether another node's registration forbids registering {@code procedure} with {@code match} and
     * {@code invoke} here: the WAMP error URI ({@code wamp.error.procedure_already_exists}, or
     * {@code wamp.error.procedure_exists_with_different_invocation_policy}), or {@code null}. Answered from what this
     * node knows of the others, without waiting for them.
     */
    String registrationConflict(String realm, MatchPolicy match, String procedure, String invoke);

    /**
     * Forwards a call that no callee of this node serves to a node whose registration matches it. Returns false when
     * no node has one (the router answers {@code wamp.error.no_such_procedure}); otherwise {@code answer} gets the
     * callee's answer, or an error when its node leaves or the call times out, exactly once.
     */
    boolean call(RemoteCall call, RemoteAnswer answer);

    /**
     * Like {@link #published}, for a publication every node keeps whether or not it has a subscriber: a retained
     * event ({@code retain=true}) or one of a topic with event history (every node has the same realm
     * configuration, so the same history topics). Forwarded once to every other node; a retained event is also kept
     * for nodes that join later ({@link LocalRouting#keepRetained}).
     *
     * @since 1.1
     */
    default void publishedToAll(RemotePublication publication) {
        published(publication);
    }

    /**
     * A session joined {@code realm} on this node; {@code details} is what {@code wamp.session.get} answers for it
     * (plain WAMP values). Lets the meta API of the other nodes answer for it.
     *
     * @since 1.1
     */
    default void sessionJoined(String realm, long session, Map<String, Object> details) {
    }

    /** A session of this node left {@code realm}. Idempotent. @since 1.1 */
    default void sessionLeft(String realm, long session) {
    }

    /**
     * The sessions of {@code realm} on the other nodes, as {@code wamp.session.get} describes them, from what this
     * node knows of the others (without waiting for them).
     *
     * @since 1.1
     */
    default Collection<Map<String, Object>> remoteSessions(String realm) {
        return List.of();
    }

    /**
     * Asks the node of {@code session} (another node's session of {@code realm}) to end it with GOODBYE
     * {@code reason} and {@code message} ({@code null}: none), without waiting for it. Returns false when no other
     * node is known to have it.
     *
     * @since 1.1
     */
    default boolean killRemote(String realm, long session, String reason, String message) {
        return false;
    }

    /**
     * This node's callees of a registration changed (one registered or left); {@code callees.count()} 0 when the
     * last left. Lets the other nodes apply the registration's invocation policy over every node's callees.
     */
    default void calleesChanged(String realm, LocalCallees callees) {
    }

    /**
     * Where a call of {@code procedure} goes: this node ({@link CallPlacement#here()}), or another node and which of
     * its callees, by the precedence of matches and the invocation policy over the callees of every node.
     * {@code local} is this node's best matching registration, {@code null} when it has none. Returns {@code null}
     * when no node serves the procedure. Answered from what this node knows, without waiting.
     */
    default CallPlacement place(String realm, String procedure, LocalCallees local) {
        return local != null ? CallPlacement.HERE : CallPlacement.ELSEWHERE;
    }

    /**
     * Sends {@code call} to the node {@code placement} names ({@link CallPlacement#ELSEWHERE}: one the cluster finds);
     * {@code answer} gets progressive results, then the callee's answer or an error (its node leaves, the call times
     * out), exactly once. Returns the handle through which the caller's CANCEL follows the call, or {@code null} when
     * the call cannot be sent (no such node any more): the router then answers the caller itself.
     */
    default RemoteCallHandle forward(RemoteCall call, CallPlacement placement, RemoteAnswer answer) {
        return call(call, answer) ? RemoteCallHandle.NONE : null;
    }

    /**
     * Claims {@code procedure} with {@code match} and {@code invoke} for a callee of this node, cluster-wide and
     * atomically: {@code decided} gets {@code null} when the registration may go ahead, or the error URI
     * ({@code wamp.error.procedure_already_exists} when another node holds it with {@code single},
     * {@code wamp.error.procedure_exists_with_different_invocation_policy}). Returns at once; {@code decided} runs
     * later, on any thread, or before this returns. Every claim that was granted is given back with
     * {@link #releaseRegistration} once, when its callee leaves the registration or does not join it after all.
     */
    default void claimRegistration(String realm, MatchPolicy match, String procedure, String invoke,
            Consumer<String> decided) {
        decided.accept(registrationConflict(realm, match, procedure, invoke));
    }

    /** Gives back one granted {@link #claimRegistration claim}. Returns at once. */
    default void releaseRegistration(String realm, MatchPolicy match, String procedure) {
    }

    /**
     * One of this node's subscriptions ({@code kind} {@code "subscription"}) or registrations ({@code "registration"})
     * of {@code realm} was created, changed its sessions, or was deleted. {@code summary} tells its state when asked:
     * what {@code wamp.subscription.get} / {@code wamp.registration.get} answers for it plus {@code "sessions"}, the
     * ids of its subscribers / callees, or {@code null} once it is gone. Called on routing threads, maybe under a
     * realm's lock: the cluster only notes the change and asks {@code summary} later, on a thread of its own, maybe
     * once for several changes. Lets the meta API of the other nodes answer for it.
     *
     * @since 1.2
     */
    default void metaChanged(String realm, String kind, long id, Supplier<Map<String, Object>> summary) {
    }

    /**
     * The subscriptions ({@code kind} {@code "subscription"}) or registrations ({@code "registration"}) of
     * {@code realm} on the other nodes, as their {@link #metaChanged summaries}, from what this node knows of the
     * others (without waiting for them).
     *
     * @since 1.2
     */
    default Collection<Map<String, Object>> remoteMeta(String realm, String kind) {
        return List.of();
    }

    /**
     * Asks the node of another node's subscription or registration {@code id} of {@code kind} in {@code realm} to
     * remove its subscriber or callee {@code session} ({@code wamp.subscription.remove_subscriber},
     * {@code wamp.registration.remove_callee}) with {@code reason} ({@code null}: none), without waiting for it.
     * Returns false when no other node is known to have it.
     *
     * @since 1.2
     */
    default boolean removeRemote(String realm, String kind, long id, long session, String reason) {
        return false;
    }
}
