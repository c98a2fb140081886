package dev.junction.spi.cluster;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

import dev.junction.spi.call.CallResult;

/** The router as the cluster sees it: where events published on other nodes are delivered. */
@ProviderType
public interface LocalRouting {

    /**
     * Delivers an event published on another node to this node's matching subscribers, applying the publication's
     * black- and whitelists. Returns how many sessions it was queued for.
     */
    int deliver(RemotePublication publication);

    /**
     * Calls a procedure registered on this node for a caller on another node (authorized there), through this node's
     * dealer: invocation policy, a callee that leaves, and {@code timeoutMillis} apply. The stage fails with a
     * {@link dev.junction.spi.call.CallFailedException} carrying the WAMP error URI; with
     * {@code wamp.error.no_such_procedure} at once when this node no longer has the registration (a call is never
     * forwarded twice).
     */
    CompletionStage<CallResult> invoke(RemoteCall call, long timeoutMillis);

    /**
     * Keeps {@code publication} as the retained event of its topic, without delivering it: a retained event
     * published on another node before this node joined. Ignored when this node already has a retained event for
     * the topic (it is newer).
     *
     * @since 1.1
     */
    default void keepRetained(RemotePublication publication) {
    }

    /**
     * Ends this node's session {@code session} of {@code realm} for a meta API caller on another node (who was
     * authorized there), with GOODBYE {@code reason} and {@code message} ({@code null}: none). Returns false when
     * this node has no such session.
     *
     * @since 1.1
     */
    default boolean kill(String realm, long session, String reason, String message) {
        return false;
    }

    /**
     * Another node's meta API asks to remove {@code session} from this node's subscription or registration
     * {@code id} ({@code kind} {@code "subscription"} or {@code "registration"}) of {@code realm}, as
     * {@code remove_subscriber} / {@code remove_callee} do, with {@code reason} ({@code null}: none). Returns false
     * when there is no such subscription, registration or subscriber/callee here.
     *
     * @since 1.2
     */
    default boolean remove(String realm, String kind, long id, long session, String reason) {
        return false;
    }

    /**
     * A session joined {@code realm} on another node ({@code details}: what {@code wamp.session.get} answers for
     * it): the meta API publishes {@code wamp.session.on_join} to this node's subscribers.
     *
     * @since 1.1
     */
    default void sessionJoinedElsewhere(String realm, Map<String, Object> details) {
    }

    /**
     * A session of another node left {@code realm}, or went with its node: the meta API publishes
     * {@code wamp.session.on_leave} to this node's subscribers.
     *
     * @since 1.1
     */
    default void sessionLeftElsewhere(String realm, long session, String authid, String authrole) {
    }

    /**
     * Runs a call from a caller on another node through this node's dealer as that caller: its identity is what a
     * disclosed callee sees, its {@code timeout} is enforced here, progressive results go to
     * {@link RemoteAnswer#progress}. {@code callee} picks which of the registration's callees (in registration
     * order) serves it, -1 (or one that is gone): the invocation policy picks. Answers with
     * {@code wamp.error.no_such_procedure} when this node no longer has the registration (a call is never forwarded
     * twice). Returns the handle through which the caller's CANCEL reaches the call.
     */
    RemoteCallHandle serve(RemoteCall call, int callee, RemoteAnswer answer);
}
