package dev.junction.client;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

import dev.junction.api.message.Payload;

/**
 * A joined WAMP session. Every method may be called from any thread; answers complete the returned futures on the
 * client's receiving thread, where handlers also run (do not block there). When the session ends, every pending
 * future fails with a {@link WampError} naming why.
 */
@ProviderType
public interface WampSession {

    long id();

    /** WELCOME details: realm, authid, authrole, authmethod, authprovider, authextra, roles. */
    Map<String, Object> details();

    /** The serializer's name the router chose ({@code json}, {@code msgpack}, ...). */
    String serializer();

    /**
     * Calls {@code procedure}. {@code options} are CALL options ({@code timeout}, {@code disclose_me}, ...).
     * Cancelling the returned future sends CANCEL with mode {@code kill}.
     */
    CompletableFuture<CallResult> call(String procedure, Payload arguments, Map<String, Object> options);

    /** Calls with progressive results: each progressive RESULT goes to {@code onProgress}, the final one completes. */
    CompletableFuture<CallResult> callProgressive(String procedure, Payload arguments, Map<String, Object> options,
            Consumer<CallResult> onProgress);

    /** Registers {@code procedure}; completes with the registration id. */
    CompletableFuture<Long> register(String procedure, Map<String, Object> options, Procedure handler);

    CompletableFuture<Void> unregister(long registration);

    /** Subscribes; completes with the subscription id. Events of that subscription go to {@code handler}. */
    CompletableFuture<Long> subscribe(String topic, Map<String, Object> options, Consumer<EventInfo> handler);

    CompletableFuture<Void> unsubscribe(long subscription);

    /**
     * Publishes. With {@code acknowledge: true} in {@code options} the future completes with the publication id
     * from PUBLISHED (or fails with the ERROR); without, it completes with 0 once the message is sent.
     */
    CompletableFuture<Long> publish(String topic, Payload arguments, Map<String, Object> options);

    /** Leaves with GOODBYE {@code wamp.close.close_realm} and closes the connection; completes when closed. */
    CompletableFuture<Void> leave();

    /** Completes with the reason (a {@code wamp.close.*} URI or a transport message) when the session ends. */
    CompletableFuture<String> closed();

    boolean isOpen();
}
