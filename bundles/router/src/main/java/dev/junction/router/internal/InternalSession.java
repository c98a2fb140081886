package dev.junction.router.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.WampUris;
import dev.junction.api.message.Abort;
import dev.junction.api.message.Call;
import dev.junction.api.message.Cancel;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Goodbye;
import dev.junction.api.message.Hello;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Result;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.Welcome;
import dev.junction.spi.call.CallFailedException;
import dev.junction.spi.call.CallResult;
import dev.junction.spi.cluster.RemoteAnswer;
import dev.junction.spi.cluster.RemoteCall;
import dev.junction.spi.cluster.RemoteCallHandle;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.transport.Connection;
import dev.junction.spi.transport.Handshake;
import dev.junction.spi.transport.HandshakeRequest;
import dev.junction.spi.transport.SessionHandle;

/**
 * A router-internal caller session on one realm: a real {@link WampSession} (so it is counted, listed by the meta API,
 * wound down on shutdown and closed with its realm) on a loopback connection whose "serializer" hands message
 * objects through without bytes. It joins with authrole {@code trusted} (see {@link Joining}).
 */
final class InternalSession implements Connection {
    private static final Logger LOG = LoggerFactory.getLogger(InternalSession.class);
    static final String TRANSPORT_TYPE = "internal";
    private static final byte[] TOKEN = new byte[0];

    private final String realm;
    private final Consumer<Runnable> completer;
    private final LoopbackSerializer serializer = new LoopbackSerializer();
    private final ConcurrentHashMap<Long, CompletableFuture<CallResult>> pending = new ConcurrentHashMap<>();
    /** Calls made for callers on other nodes, by request id: their answers go back through the cluster. */
    private final ConcurrentHashMap<Long, RemoteAnswer> forwarded = new ConcurrentHashMap<>();
    private SessionHandle session;
    private long lastRequest;
    private volatile boolean welcomed;
    private volatile CallFailedException dead;

    private InternalSession(String realm, Consumer<Runnable> completer) {
        this.realm = realm;
        this.completer = completer;
    }

    static InternalSession open(Router router, String realm, Consumer<Runnable> completer) {
        InternalSession s = new InternalSession(realm, completer);
        HandshakeRequest request = new HandshakeRequest("internal", TRANSPORT_TYPE, "router", true, "", Map.of(),
                List.of(), s.serializer, Map.of());
        Handshake handshake = router.handshake(request);
        if (!handshake.accepted()) {
            s.dead = new CallFailedException(WampUris.ERROR_UNAVAILABLE, List.of(handshake.refusalReason()), Map.of());
            return s;
        }
        synchronized (s) {
            s.session = handshake.open(s);
            Map<String, Object> caller = Map.of("features", Map.of("call_canceling", true, "call_timeout", true,
                    "progressive_call_invocations", true, PayloadPassthru.FEATURE, true));
            s.inject(new Hello(realm, Map.of("roles", Map.of("caller", caller))));
        }
        return s;
    }

    /** Whether the next call can use this session (joined, or still joining; not closed). */
    boolean usable() {
        return dead == null;
    }

    /** Whether a serializer belongs to a router-internal session (which joins as {@code trusted}). */
    static boolean isInternal(Serializer serializer) {
        return serializer instanceof LoopbackSerializer;
    }

    CompletionStage<CallResult> call(String procedure, List<?> args, Map<String, ?> kwargs, long timeoutMillis) {
        CompletableFuture<CallResult> result = new CompletableFuture<>();
        synchronized (this) {
            CallFailedException failure = dead != null ? dead
                    : !welcomed ? new CallFailedException(WampUris.ERROR_NO_SUCH_REALM,
                            List.of("the internal session could not join realm '" + realm + "'"), Map.of())
                    : null;
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            long request = ++lastRequest;
            pending.put(request, result);
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("timeout", timeoutMillis);
            inject(new Call(request, options, procedure, Payload.of(args, kwargs)));
        }
        return result;
    }

    /**
     * Calls for a caller on another node ({@link OnBehalfOf}): with its {@code timeout} (the cluster's bound when it
     * has none), {@code receive_progress} and {@code disclose_me}. Progressive results and the answer go to
     * {@code answer}, in order, on the completion thread; the handle sends the caller's CANCEL.
     */
    RemoteCallHandle callFor(RemoteCall call, OnBehalfOf who, long timeoutMillis, RemoteAnswer answer) {
        long request;
        synchronized (this) {
            if (dead != null || !welcomed) {
                CallFailedException failure = dead != null ? dead
                        : new CallFailedException(WampUris.ERROR_NO_SUCH_REALM,
                                List.of("the internal session could not join realm '" + realm + "'"), Map.of());
                completer.accept(() -> answer.error(failure.error(), Payload.of(failure.args(), failure.kwargs())));
                return RemoteCallHandle.NONE;
            }
            request = ++lastRequest;
            forwarded.put(request, answer);
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("timeout", timeoutMillis);
            if (call.receiveProgress()) {
                options.put("receive_progress", true);
            }
            if (call.discloseMe()) {
                options.put("disclose_me", true);
            }
            if (call.progress()) {
                options.put("progress", true);
            }
            options.putAll(call.passthru());
            options.put(OnBehalfOf.OPTION, who);
            inject(new Call(request, options, call.procedure(), call.payload()));
        }
        return new RemoteCallHandle() {
            @Override
            public void cancel(String mode) {
                synchronized (InternalSession.this) {
                    if (dead == null && forwarded.containsKey(request)) {
                        inject(new Cancel(request, Map.of("mode", mode)));
                    }
                }
            }

            @Override
            public void chunk(Payload payload, boolean more) {
                synchronized (InternalSession.this) {
                    if (dead == null && forwarded.containsKey(request)) {
                        inject(new Call(request, more ? Map.of("progress", true) : Map.of(), call.procedure(),
                                payload));
                    }
                }
            }
        };
    }

    /** Hands one message to the session as if the transport had received it; under this object's lock. */
    private void inject(WampMessage message) {
        serializer.inbound = message;
        try {
            session.onMessage(TOKEN);
        } finally {
            serializer.inbound = null;
        }
    }

    /** A message the router sent to this session. Runs on the sender's thread, possibly under its session lock. */
    private void received(WampMessage message) {
        if (message instanceof Welcome) {
            welcomed = true;
        } else if (message instanceof Result r && forwarded.containsKey(r.request())) {
            Map<String, Object> passthru = PayloadPassthru.withOptions(Map.of(), r.details());
            if (Boolean.TRUE.equals(r.details().get("progress"))) {
                RemoteAnswer a = forwarded.get(r.request());
                if (a != null) {
                    completer.accept(() -> a.progress(r.payload(), passthru));
                }
            } else {
                RemoteAnswer a = forwarded.remove(r.request());
                if (a != null) {
                    completer.accept(() -> a.result(r.payload(), passthru));
                }
            }
        } else if (message instanceof ErrorMessage e && e.requestType() == Call.TYPE
                && forwarded.containsKey(e.request())) {
            RemoteAnswer a = forwarded.remove(e.request());
            if (a != null) {
                completer.accept(() -> a.error(e.error(), e.payload(), e.details()));
            }
        } else if (message instanceof Result r) {
            CompletableFuture<CallResult> f = pending.remove(r.request());
            if (f != null) {
                CallResult value = new CallResult(r.payload().args(), r.payload().kwargs());
                completer.accept(() -> f.complete(value));
            }
        } else if (message instanceof ErrorMessage e && e.requestType() == Call.TYPE) {
            CompletableFuture<CallResult> f = pending.remove(e.request());
            if (f != null) {
                CallFailedException failure = new CallFailedException(e.error(), e.payload().args(),
                        e.payload().kwargs());
                completer.accept(() -> f.completeExceptionally(failure));
            }
        } else if (message instanceof Abort a) {
            dead = new CallFailedException(a.reason(), List.of(String.valueOf(a.details().get("message"))), Map.of());
            LOG.warn("Internal session on realm {} aborted: {} {}", realm, a.reason(), a.details().get("message"));
            failAll(dead);
        } else if (message instanceof Goodbye g) {
            // The realm closes or the router stops: answer (not from inside the router's own send) and fail the rest.
            dead = new CallFailedException(WampUris.ERROR_UNAVAILABLE, List.of("session closed: " + g.reason()),
                    Map.of());
            completer.accept(() -> {
                synchronized (this) {
                    inject(new Goodbye(Map.of(), WampUris.CLOSE_GOODBYE_AND_OUT));
                }
            });
            failAll(dead);
        }
    }

    void failAll(CallFailedException failure) {
        for (Long request : forwarded.keySet()) {
            RemoteAnswer a = forwarded.remove(request);
            if (a != null) {
                completer.accept(() -> a.error(failure.error(), Payload.of(failure.args(), failure.kwargs())));
            }
        }
        for (Long request : pending.keySet()) {
            CompletableFuture<CallResult> f = pending.remove(request);
            if (f != null) {
                completer.accept(() -> f.completeExceptionally(failure));
            }
        }
    }

    // ---- Connection ----

    @Override
    public void send(byte[] message) {
        // Nothing to write: the loopback serializer has already delivered the message object.
    }

    @Override
    public void close(int code, String reason) {
        if (dead == null) {
            dead = new CallFailedException(WampUris.ERROR_UNAVAILABLE, List.of("session closed: " + reason), Map.of());
        }
        failAll(dead);
    }

    /** Passes message objects through: encode delivers to this session, decode returns what is being injected. */
    private final class LoopbackSerializer implements Serializer {
        private volatile WampMessage inbound;

        @Override
        public String name() {
            return "internal";
        }

        @Override
        public String subprotocol() {
            return "wamp.2.internal";
        }

        @Override
        public int rawSocketId() {
            return 0;
        }

        @Override
        public boolean isBinary() {
            return true;
        }

        @Override
        public WampMessage decode(byte[] data) {
            WampMessage m = inbound;
            if (m == null) {
                throw new ProtocolViolationException("internal session: nothing to decode");
            }
            return m;
        }

        @Override
        public byte[] encode(WampMessage message) {
            received(message);
            return TOKEN;
        }
    }
}
