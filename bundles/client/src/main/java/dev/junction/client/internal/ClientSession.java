package dev.junction.client.internal;

import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import javax.net.ssl.SSLContext;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.WampUris;
import dev.junction.api.message.Abort;
import dev.junction.api.message.Authenticate;
import dev.junction.api.message.Call;
import dev.junction.api.message.Cancel;
import dev.junction.api.message.Challenge;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Event;
import dev.junction.api.message.Goodbye;
import dev.junction.api.message.Hello;
import dev.junction.api.message.Interrupt;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Published;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Unregister;
import dev.junction.api.message.Unregistered;
import dev.junction.api.message.Unsubscribe;
import dev.junction.api.message.Unsubscribed;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.Welcome;
import dev.junction.api.message.Yield;
import dev.junction.client.CallResult;
import dev.junction.client.ClientAuth;
import dev.junction.client.ClientOptions;
import dev.junction.client.EventInfo;
import dev.junction.client.InvocationRequest;
import dev.junction.client.Procedure;
import dev.junction.client.WampError;
import dev.junction.client.WampSession;
import dev.junction.spi.serializer.Serializer;

/**
 * One client session over one link (WebSocket or RawSocket): the join (HELLO, CHALLENGE/AUTHENTICATE, WELCOME or ABORT), the requests
 * waiting for their answers, the registrations and subscriptions, and the end. Messages arrive on the link's one
 * receiving thread; requests may be sent from any thread, each taking the next session-scope request id and being
 * sent in that order (the router checks the sequence).
 */
public final class ClientSession implements WampSession, Link.Receiver {
    /** The client features announced in HELLO: what this implementation handles. */
    private static final Map<String, Object> ROLES = Map.of(
            "caller", Map.of("features", Map.of("progressive_call_results", true, "call_canceling", true,
                    "call_timeout", true, "caller_identification", true)),
            "callee", Map.of("features", Map.of("progressive_call_results", true, "call_canceling", true,
                    "caller_identification", true, "pattern_based_registration", true,
                    "shared_registration", true)),
            "publisher", Map.of("features", Map.of("publisher_exclusion", true, "publisher_identification", true,
                    "subscriber_blackwhite_listing", true)),
            "subscriber", Map.of("features", Map.of("pattern_based_subscription", true,
                    "publisher_identification", true, "event_retention", true)));

    private sealed interface Pending {
    }

    private record PendingCall(CompletableFuture<CallResult> future, Consumer<CallResult> progress)
            implements Pending {
    }

    private record PendingRegister(CompletableFuture<Long> future, Procedure handler) implements Pending {
    }

    private record PendingSubscribe(CompletableFuture<Long> future, Consumer<EventInfo> handler) implements Pending {
    }

    private record PendingPublish(CompletableFuture<Long> future) implements Pending {
    }

    private record PendingRemoval(CompletableFuture<Void> future, long id, boolean registration) implements Pending {
    }

    private final ClientOptions options;
    private final CompletableFuture<WampSession> joined = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final CompletableFuture<Void> left = new CompletableFuture<>();
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Procedure> registrations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, List<Consumer<EventInfo>>> subscriptions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, CompletableFuture<Payload>> invocations = new ConcurrentHashMap<>();
    private final Object sendLock = new Object();
    private Link link;
    private Heartbeat heartbeat;
    private Serializer serializer;
    private ClientAuth challengedBy;
    private long lastRequest;
    private volatile long sessionId;
    private volatile Map<String, Object> welcomeDetails = Map.of();
    private volatile boolean open;
    private volatile boolean goodbyeSent;

    private ClientSession(ClientOptions options) {
        this.options = options;
    }

    /** Connects, joins, and completes with the joined session. */
    public static CompletableFuture<WampSession> open(ClientOptions options) {
        ClientSession session = new ClientSession(options);
        if (options.rawSocket()) {
            URI uri = options.uri();
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            RawSocketLink.Target target = new RawSocketLink.Target(uri.getHost(), port, options.unixSocket(),
                    "rss".equals(uri.getScheme()) ? tlsOrDefault(options.tls()) : null, options.tlsHostname());
            RawSocketLink.open(target, options.serializers(), options.connectTimeout(), session).whenComplete(
                    (opened, failure) -> {
                        if (failure != null) {
                            session.joined.completeExceptionally(failure);
                        } else {
                            session.start(opened.link(), opened.serializer());
                        }
                    });
        } else {
            List<String> subprotocols = options.serializers().stream().map(Serializer::subprotocol).toList();
            WebSocketLink.open(options.uri(), subprotocols, options.connectTimeout(), options.tls(), session)
                    .whenComplete((link, failure) -> {
                        if (failure != null) {
                            session.joined.completeExceptionally(failure);
                        } else {
                            String chosen = link.subprotocol();
                            session.start(link, options.serializers().stream()
                                    .filter(s -> s.subprotocol().equals(chosen)).findFirst().orElse(null));
                        }
                    });
        }
        return session.joined.orTimeout(options.joinTimeout().plus(options.connectTimeout()).toMillis(),
                TimeUnit.MILLISECONDS).whenComplete((s, failure) -> {
                    if (failure != null) {
                        session.dropLink(1000, "join failed");
                    }
                });
    }

    private static SSLContext tlsOrDefault(SSLContext tls) {
        if (tls != null) {
            return tls;
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /** Says HELLO on a connected link, with {@code match} the serializer both sides agreed on (null: none). */
    private void start(Link link, Serializer match) {
        synchronized (sendLock) {
            this.link = link;
            this.serializer = match;
            this.heartbeat = Heartbeat.watch(link, options.pingInterval(), options.pingTimeout());
        }
        if (match == null) {
            joined.completeExceptionally(new WampError(WampUris.ERROR_PROTOCOL_VIOLATION,
                    "the router chose a subprotocol that was not offered"));
            link.close(1002, "no subprotocol");
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("roles", ROLES);
        details.put("agent", "Junction client");
        List<String> methods = new ArrayList<>();
        String authid = null;
        Map<String, Object> authextra = new LinkedHashMap<>(options.authextra());
        for (ClientAuth auth : options.auth()) {
            methods.add(auth.method());
            if (authid == null) {
                authid = auth.authid();
            }
            if (auth instanceof ClientAuth.Cryptosign c) {
                authextra.putIfAbsent("pubkey", ChallengeResponse.publicKey(c.privateKeySeed()));
                authextra.putIfAbsent("channel_binding", null);
            }
        }
        if (!methods.isEmpty()) {
            details.put("authmethods", methods);
        }
        if (authid != null) {
            details.put("authid", authid);
        }
        if (!authextra.isEmpty()) {
            details.put("authextra", authextra);
        }
        send(new Hello(options.realm(), details));
    }

    // ---- WampSession ----

    @Override
    public long id() {
        return sessionId;
    }

    @Override
    public Map<String, Object> details() {
        return welcomeDetails;
    }

    @Override
    public String serializer() {
        return serializer.name();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public CompletableFuture<String> closed() {
        return closed;
    }

    @Override
    public CompletableFuture<CallResult> call(String procedure, Payload arguments, Map<String, Object> callOptions) {
        return callProgressive(procedure, arguments, callOptions, null);
    }

    @Override
    public CompletableFuture<CallResult> callProgressive(String procedure, Payload arguments,
            Map<String, Object> callOptions, Consumer<CallResult> onProgress) {
        Map<String, Object> opts = new LinkedHashMap<>(callOptions == null ? Map.of() : callOptions);
        if (onProgress != null) {
            opts.put("receive_progress", true);
        }
        long[] request = new long[1];
        CompletableFuture<CallResult> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                if (cancelled && pending.remove(request[0]) != null) {
                    send(new Cancel(request[0], Map.of("mode", "kill")));
                }
                return cancelled;
            }
        };
        request[0] = request(new PendingCall(future, onProgress),
                id -> new Call(id, opts, procedure, payload(arguments)));
        return future;
    }

    @Override
    public CompletableFuture<Long> register(String procedure, Map<String, Object> registerOptions,
            Procedure handler) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        request(new PendingRegister(future, handler),
                id -> new Register(id, registerOptions == null ? Map.of() : registerOptions, procedure));
        return future;
    }

    @Override
    public CompletableFuture<Void> unregister(long registration) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        request(new PendingRemoval(future, registration, true), id -> new Unregister(id, registration));
        return future;
    }

    @Override
    public CompletableFuture<Long> subscribe(String topic, Map<String, Object> subscribeOptions,
            Consumer<EventInfo> handler) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        request(new PendingSubscribe(future, handler),
                id -> new Subscribe(id, subscribeOptions == null ? Map.of() : subscribeOptions, topic));
        return future;
    }

    @Override
    public CompletableFuture<Void> unsubscribe(long subscription) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        request(new PendingRemoval(future, subscription, false), id -> new Unsubscribe(id, subscription));
        return future;
    }

    @Override
    public CompletableFuture<Long> publish(String topic, Payload arguments, Map<String, Object> publishOptions) {
        Map<String, Object> opts = publishOptions == null ? Map.of() : publishOptions;
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (Boolean.TRUE.equals(opts.get("acknowledge"))) {
            request(new PendingPublish(future), id -> new Publish(id, opts, topic, payload(arguments)));
        } else {
            request(null, id -> new Publish(id, opts, topic, payload(arguments)));
            future.complete(0L);
        }
        return future;
    }

    @Override
    public CompletableFuture<Void> leave() {
        if (open) {
            goodbyeSent = true;
            send(new Goodbye(Map.of(), WampUris.CLOSE_CLOSE_REALM));
        } else {
            left.complete(null);
        }
        return left;
    }

    private static Payload payload(Payload p) {
        return p == null ? Payload.EMPTY : p;
    }

    /** Takes the next request id, records what waits for the answer, and sends, all in request-id order. */
    private long request(Pending waiting, LongFunction<WampMessage> message) {
        synchronized (sendLock) {
            if (!open) {
                failOne(waiting, new WampError(WampUris.CLOSE_CLOSE_REALM, "the session is not open"));
                return 0;
            }
            long id = ++lastRequest;
            if (waiting != null) {
                pending.put(id, waiting);
            }
            link.send(serializer.encode(message.apply(id)), serializer.isBinary());
            return id;
        }
    }

    private void send(WampMessage message) {
        synchronized (sendLock) {
            if (link != null) {
                link.send(serializer.encode(message), serializer.isBinary());
            }
        }
    }

    // ---- inbound ----

    @Override
    public void onMessage(byte[] data, boolean binary) {
        WampMessage message;
        try {
            message = serializer.decode(data);
        } catch (ProtocolViolationException e) {
            send(Abort.of(WampUris.ERROR_PROTOCOL_VIOLATION, e.getMessage()));
            dropLink(1002, "protocol violation");
            return;
        }
        switch (message.type()) {
            case Welcome.TYPE -> {
                Welcome w = (Welcome) message;
                sessionId = w.session();
                welcomeDetails = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(w.details()));
                open = true;
                joined.complete(this);
            }
            case Challenge.TYPE -> onChallenge((Challenge) message);
            case Abort.TYPE -> {
                Abort a = (Abort) message;
                joined.completeExceptionally(new WampError(a.reason(), String.valueOf(a.details().get("message"))));
                dropLink(1000, "aborted");
            }
            case Goodbye.TYPE -> {
                Goodbye g = (Goodbye) message;
                if (!goodbyeSent) {
                    send(new Goodbye(Map.of(), WampUris.CLOSE_GOODBYE_AND_OUT));
                }
                ended(g.reason());
                dropLink(1000, "goodbye");
            }
            case Result.TYPE -> onResult((Result) message);
            case ErrorMessage.TYPE -> onError((ErrorMessage) message);
            case Registered.TYPE -> {
                Registered r = (Registered) message;
                if (pending.remove(r.request()) instanceof PendingRegister p) {
                    registrations.put(r.registration(), p.handler());
                    p.future().complete(r.registration());
                }
            }
            case Subscribed.TYPE -> {
                Subscribed s = (Subscribed) message;
                if (pending.remove(s.request()) instanceof PendingSubscribe p) {
                    subscriptions.computeIfAbsent(s.subscription(), k -> new CopyOnWriteArrayList<>())
                            .add(p.handler());
                    p.future().complete(s.subscription());
                }
            }
            case Unregistered.TYPE, Unsubscribed.TYPE -> onRemoved(message);
            case Published.TYPE -> {
                Published p = (Published) message;
                if (pending.remove(p.request()) instanceof PendingPublish waiting) {
                    waiting.future().complete(p.publication());
                }
            }
            case Event.TYPE -> {
                Event e = (Event) message;
                List<Consumer<EventInfo>> handlers = subscriptions.get(e.subscription());
                if (handlers != null) {
                    EventInfo info = new EventInfo(e.subscription(), e.publication(), e.payload(), e.details());
                    handlers.forEach(h -> h.accept(info));
                }
            }
            case Invocation.TYPE -> onInvocation((Invocation) message);
            case Interrupt.TYPE -> {
                CompletableFuture<Payload> running = invocations.get(((Interrupt) message).request());
                if (running != null) {
                    running.cancel(false); // answered with wamp.error.canceled by the completion below
                }
            }
            default -> {
                send(Abort.of(WampUris.ERROR_PROTOCOL_VIOLATION, "unexpected " + message.getClass().getSimpleName()));
                dropLink(1002, "protocol violation");
            }
        }
    }

    private void onChallenge(Challenge challenge) {
        ClientAuth auth = options.auth().stream().filter(a -> a.method().equals(challenge.authMethod())).findFirst()
                .orElse(null);
        if (auth == null || challengedBy != null) {
            send(Abort.of(WampUris.ERROR_AUTHENTICATION_FAILED, "unexpected CHALLENGE for " + challenge.authMethod()));
            joined.completeExceptionally(new WampError(WampUris.ERROR_AUTHENTICATION_FAILED,
                    "the router challenged with " + challenge.authMethod() + ", which was not offered"));
            dropLink(1000, "authentication failed");
            return;
        }
        challengedBy = auth;
        String signature;
        try {
            signature = ChallengeResponse.sign(auth, challenge.extra());
        } catch (RuntimeException e) {
            send(Abort.of(WampUris.ERROR_AUTHENTICATION_FAILED, e.getMessage()));
            joined.completeExceptionally(new WampError(WampUris.ERROR_AUTHENTICATION_FAILED, e.getMessage()));
            dropLink(1000, "authentication failed");
            return;
        }
        send(new Authenticate(signature, Map.of()));
    }

    private void onResult(Result r) {
        CallResult result = new CallResult(r.payload(), r.details());
        if (result.progress()) {
            if (pending.get(r.request()) instanceof PendingCall call && call.progress() != null) {
                call.progress().accept(result);
            }
            return;
        }
        if (pending.remove(r.request()) instanceof PendingCall call) {
            call.future().complete(result);
        }
    }

    private void onError(ErrorMessage e) {
        if (e.requestType() == Invocation.TYPE) {
            return; // the router does not send these to a client
        }
        Pending waiting = pending.remove(e.request());
        if (waiting != null) {
            failOne(waiting, new WampError(e.error(), e.payload()));
        }
    }

    private void onRemoved(WampMessage message) {
        long request = message instanceof Unregistered u ? u.request() : ((Unsubscribed) message).request();
        if (request == 0) {
            return; // a router-initiated revocation: the registration or subscription is gone
        }
        if (pending.remove(request) instanceof PendingRemoval p) {
            if (p.registration()) {
                registrations.remove(p.id());
            } else {
                subscriptions.remove(p.id());
            }
            p.future().complete(null);
        }
    }

    private void onInvocation(Invocation inv) {
        Procedure handler = registrations.get(inv.registration());
        if (handler == null) {
            send(new ErrorMessage(Invocation.TYPE, inv.request(), Map.of(), WampUris.ERROR_NO_SUCH_REGISTRATION,
                    Payload.EMPTY));
            return;
        }
        CompletableFuture<Payload> running = new CompletableFuture<>();
        invocations.put(inv.request(), running);
        running.whenComplete((payload, failure) -> {
            invocations.remove(inv.request());
            if (failure == null) {
                send(new Yield(inv.request(), Map.of(), payload(payload)));
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                String uri = cause instanceof WampError w ? w.uri()
                        : cause instanceof CancellationException ? WampUris.ERROR_CANCELED
                                : "wamp.error.runtime_error";
                Payload args = cause instanceof WampError w ? w.payload()
                        : Payload.of(List.of(String.valueOf(cause.getMessage())), Map.of());
                send(new ErrorMessage(Invocation.TYPE, inv.request(), Map.of(), uri, args));
            }
        });
        Consumer<Payload> progress = p -> {
            if (Boolean.TRUE.equals(inv.details().get("receive_progress")) && !running.isDone()) {
                send(new Yield(inv.request(), Map.of("progress", true), payload(p)));
            }
        };
        try {
            CompletionStage<Payload> stage = handler.invoke(
                    new InvocationRequest(inv.registration(), inv.payload(), inv.details(), progress));
            // An INTERRUPT cancels the handler's own stage too, so the work behind it can stop.
            running.whenComplete((p, f) -> {
                if (running.isCancelled()) {
                    stage.toCompletableFuture().cancel(false);
                }
            });
            stage.whenComplete((p, f) -> {
                if (f != null) {
                    running.completeExceptionally(f);
                } else {
                    running.complete(p);
                }
            });
        } catch (RuntimeException e) {
            running.completeExceptionally(e);
        }
    }

    // ---- the end ----

    @Override
    public void onClosed(int code, String reason) {
        ended(reason == null || reason.isEmpty() ? "connection closed (" + code + ")" : reason);
        joined.completeExceptionally(new WampError(WampUris.ERROR_CANCELED,
                "the connection closed before WELCOME: " + code + " " + reason));
    }

    private void ended(String reason) {
        open = false;
        Heartbeat h;
        synchronized (sendLock) {
            h = heartbeat;
            heartbeat = null;
        }
        if (h != null) {
            h.stop();
        }
        WampError error = new WampError(reason, "the session ended");
        for (Long id : List.copyOf(pending.keySet())) {
            failOne(pending.remove(id), error);
        }
        invocations.values().forEach(f -> f.cancel(false));
        closed.complete(reason);
        left.complete(null);
    }

    private static void failOne(Pending p, WampError error) {
        if (p instanceof PendingCall c) {
            c.future().completeExceptionally(error);
        } else if (p instanceof PendingRegister r) {
            r.future().completeExceptionally(error);
        } else if (p instanceof PendingSubscribe s) {
            s.future().completeExceptionally(error);
        } else if (p instanceof PendingPublish pub) {
            pub.future().completeExceptionally(error);
        } else if (p instanceof PendingRemoval rem) {
            rem.future().completeExceptionally(error);
        }
    }

    private void dropLink(int code, String reason) {
        Link l;
        synchronized (sendLock) {
            l = link;
        }
        if (l != null) {
            l.close(code, reason);
        }
    }
}
