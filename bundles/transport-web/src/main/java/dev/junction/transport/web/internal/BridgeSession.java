package dev.junction.transport.web.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.WampUris;
import dev.junction.api.message.Abort;
import dev.junction.api.message.Call;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Goodbye;
import dev.junction.api.message.Hello;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Published;
import dev.junction.api.message.Result;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.Welcome;
import dev.junction.spi.call.CallFailedException;
import dev.junction.spi.call.CallResult;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.transport.Connection;
import dev.junction.spi.transport.Handshake;
import dev.junction.spi.transport.HandshakeRequest;
import dev.junction.spi.transport.SessionHandle;

/**
 * The HTTP bridge's WAMP session on its realm, as Crossbar's bridge has one: an ordinary session the web transport
 * opens through {@link dev.junction.spi.transport.WampRouter#handshake} (so it is counted, listed by the meta API,
 * authorized by its role and wound down like any other), on a loopback connection whose "serializer" hands message
 * objects through without bytes. It joins with the configured authrole through anonymous authentication
 * ({@code auth.anonymous.role}); {@code anonymous} needs no authenticator bundle.
 *
 * <p>Requests wait for the WELCOME; a session that was refused or closed fails them, and the bridge opens a new one
 * for the next request. Stages complete on {@code completions}, never on the router's thread (which may hold a
 * session lock).
 */
final class BridgeSession implements Connection {
    static final String TRANSPORT_TYPE = "web";
    private static final byte[] TOKEN = new byte[0];

    private final String realm;
    private final Executor completions;
    private final LoopbackSerializer serializer = new LoopbackSerializer();
    private final ConcurrentHashMap<Long, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    private SessionHandle session;
    private long lastRequest;
    private volatile RuntimeException dead;

    private BridgeSession(String realm, Executor completions) {
        this.realm = realm;
        this.completions = completions;
    }

    /** Failures of the bridge itself (not a WAMP error of the call or publish): HTTP 500 in Crossbar. */
    static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    static BridgeSession open(dev.junction.spi.transport.WampRouter router, String transportId, String path,
            String realm, String role, Executor completions) {
        BridgeSession s = new BridgeSession(realm, completions);
        Map<String, Object> auth = "anonymous".equals(role) ? Map.of()
                : Map.of("anonymous.type", "static", "anonymous.role", role);
        HandshakeRequest request = new HandshakeRequest(transportId, TRANSPORT_TYPE, "internal", false, path,
                Map.of(), List.of(), s.serializer, auth);
        Handshake handshake = router.handshake(request);
        if (!handshake.accepted()) {
            s.fail(new Unavailable("the router refused the bridge session: " + handshake.refusalReason()));
            return s;
        }
        synchronized (s) {
            s.session = handshake.open(s);
            Map<String, Object> roles = Map.of("publisher", Map.of(), "caller", Map.of());
            s.inject(new Hello(realm, Map.of("roles", roles, "authmethods", List.of("anonymous"))));
        }
        return s;
    }

    boolean usable() {
        return dead == null;
    }

    /** Publishes with acknowledgement; completes with the publication id. */
    CompletionStage<Long> publish(String topic, List<?> args, Map<String, ?> kwargs, Map<String, Object> options) {
        Map<String, Object> withAck = new java.util.LinkedHashMap<>(options);
        withAck.put("acknowledge", true);
        return send(request -> new Publish(request, withAck, topic, Payload.of(args, kwargs)))
                .thenApply(value -> (Long) value);
    }

    CompletionStage<CallResult> call(String procedure, List<?> args, Map<String, ?> kwargs) {
        return send(request -> new Call(request, Map.of(), procedure, Payload.of(args, kwargs)))
                .thenApply(value -> (CallResult) value);
    }

    private CompletionStage<Object> send(java.util.function.LongFunction<WampMessage> message) {
        return joined.thenCompose(ignored -> {
            CompletableFuture<Object> result = new CompletableFuture<>();
            synchronized (this) {
                if (dead != null) {
                    return CompletableFuture.failedFuture(dead);
                }
                long request = ++lastRequest;
                pending.put(request, result);
                inject(message.apply(request));
            }
            return result;
        });
    }

    /** Says GOODBYE (the path is unmounted or the transport stops). */
    void close() {
        boolean open = dead == null && session != null && joined.isDone() && !joined.isCompletedExceptionally();
        fail(new Unavailable("the bridge session closed"));
        if (open) {
            synchronized (this) {
                inject(new Goodbye(Map.of(), WampUris.CLOSE_SYSTEM_SHUTDOWN));
            }
        }
        if (session != null) {
            session.onClose(1000, "bridge closed");
        }
    }

    private void inject(WampMessage message) {
        serializer.inbound = message;
        try {
            session.onMessage(TOKEN);
        } finally {
            serializer.inbound = null;
        }
    }

    private void complete(Long request, Object value, RuntimeException failure) {
        CompletableFuture<Object> f = pending.remove(request);
        if (f != null) {
            completions.execute(() -> {
                if (failure != null) {
                    f.completeExceptionally(failure);
                } else {
                    f.complete(value);
                }
            });
        }
    }

    /** A message the router sent to this session; on the router's thread. */
    private void received(WampMessage message) {
        if (message instanceof Welcome) {
            completions.execute(() -> joined.complete(null));
        } else if (message instanceof Published p) {
            complete(p.request(), p.publication(), null);
        } else if (message instanceof Result r) {
            complete(r.request(), new CallResult(r.payload().args(), r.payload().kwargs()), null);
        } else if (message instanceof ErrorMessage e) {
            complete(e.request(), null, new CallFailedException(e.error(), e.payload().args(), e.payload().kwargs()));
        } else if (message instanceof Abort a) {
            fail(new Unavailable("the bridge session could not join realm '" + realm + "': " + a.reason() + " "
                    + a.details().getOrDefault("message", "")));
        } else if (message instanceof Goodbye g) {
            boolean ours = dead != null; // the router's answer to our GOODBYE needs none
            fail(new Unavailable("the bridge session was closed: " + g.reason()));
            if (ours) {
                return;
            }
            completions.execute(() -> {
                synchronized (this) {
                    inject(new Goodbye(Map.of(), WampUris.CLOSE_GOODBYE_AND_OUT));
                }
            });
        }
    }

    private void fail(RuntimeException failure) {
        if (dead == null) {
            dead = failure;
        }
        completions.execute(() -> joined.completeExceptionally(dead));
        for (Long request : pending.keySet()) {
            complete(request, null, dead);
        }
    }

    // ---- Connection ----

    @Override
    public void send(byte[] message) {
        // Nothing to write: the loopback serializer has delivered the message object already.
    }

    @Override
    public void close(int code, String reason) {
        fail(new Unavailable("the bridge session was closed: " + reason));
    }

    /** Passes message objects through: encode delivers to this session, decode returns what is being injected. */
    private final class LoopbackSerializer implements Serializer {
        private volatile WampMessage inbound;

        @Override
        public String name() {
            return "bridge";
        }

        @Override
        public String subprotocol() {
            return "wamp.2.bridge";
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
                throw new ProtocolViolationException("bridge session: nothing to decode");
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
