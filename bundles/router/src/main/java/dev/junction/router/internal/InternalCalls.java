package dev.junction.router.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import dev.junction.api.WampUris;
import dev.junction.spi.call.CallFailedException;
import dev.junction.spi.call.CallResult;
import dev.junction.spi.call.InternalCaller;
import dev.junction.spi.cluster.RemoteAnswer;
import dev.junction.spi.cluster.RemoteCall;
import dev.junction.spi.cluster.RemoteCallHandle;

/**
 * The router's {@link InternalCaller}: one {@link InternalSession} per realm, created on the first call and again
 * after the realm closed it, so internal calls take exactly the path of a client's (dealer, invocation policy,
 * router-enforced timeout, callee leaving) without a session per call.
 *
 * <p>Stages are completed on this class's own thread, never on the thread that delivered the RESULT: that thread
 * holds the callee's session lock, and whatever the caller chains (an authenticator completing a join) must not run
 * under it.
 */
final class InternalCalls implements InternalCaller {
    private final Router router;
    private final ConcurrentHashMap<String, InternalSession> sessions = new ConcurrentHashMap<>();
    private final ExecutorService completions = Executors.newSingleThreadExecutor(r -> {
        Thread t = Executors.defaultThreadFactory().newThread(r);
        t.setName("junction-internal-calls");
        t.setDaemon(true);
        return t;
    });

    InternalCalls(Router router) {
        this.router = router;
    }

    @Override
    public CompletionStage<CallResult> call(String realm, String procedure, List<?> args, Map<String, ?> kwargs,
            long timeoutMillis) {
        if (timeoutMillis <= 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("timeoutMillis must be > 0"));
        }
        return session(realm).call(procedure, args, kwargs, timeoutMillis);
    }

    /** A call for a caller on another node, through the realm's internal session (see {@link OnBehalfOf}). */
    RemoteCallHandle serve(RemoteCall call, OnBehalfOf who, long timeoutMillis, RemoteAnswer answer) {
        return session(call.realm()).callFor(call, who, timeoutMillis, answer);
    }

    private InternalSession session(String realm) {
        return sessions.compute(realm, (name, existing) -> existing != null && existing.usable() ? existing
                : InternalSession.open(router, name, this::complete));
    }

    /** Runs {@code completion} on the completion thread (or here, once the router has stopped). */
    void complete(Runnable completion) {
        try {
            completions.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }

    /** After the router's own shutdown: every internal session has been told goodbye by then. */
    void shutdown() {
        for (InternalSession session : sessions.values()) {
            session.failAll(new CallFailedException(WampUris.ERROR_UNAVAILABLE, List.of("the router stopped"),
                    Map.of()));
        }
        completions.shutdown();
    }
}
