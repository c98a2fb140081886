package dev.junction.container;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

import dev.junction.client.WampSession;

/**
 * A WAMP component hosted by the container: an OSGi service with the property {@link #CONNECTION} naming the
 * connecting transport ({@code dev.junction.connect.websocket} or {@code .rawsocket} configuration id) it uses.
 * Each component gets its own session. After every join, first or after a reconnect, {@link #onJoin} registers and subscribes what the
 * component offers: registrations and subscriptions do not survive a lost connection.
 */
@ConsumerType
public interface WampComponent {

    /** Service property: the id of the connecting transport this component joins through. */
    String CONNECTION = "junction.connection";

    /**
     * The session joined (again). The returned stage completes when the component is ready (its REGISTERED and
     * SUBSCRIBED arrived); a failed stage leaves the session and is retried with the connection's backoff.
     */
    CompletionStage<?> onJoin(WampSession session);

    /** The session ended: {@code reason} is the GOODBYE/ABORT URI or what happened to the connection. */
    default void onLeave(String reason) {
    }
}
