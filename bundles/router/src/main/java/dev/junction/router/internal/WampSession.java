package dev.junction.router.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Register;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Unregister;
import dev.junction.api.message.Unsubscribe;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.WampMessages;
import dev.junction.api.message.Welcome;
import dev.junction.api.message.Yield;
import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.log.RateLimitedLog;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.transport.Connection;
import dev.junction.spi.transport.CookieAuth;
import dev.junction.spi.transport.HandshakeRequest;
import dev.junction.spi.transport.SessionHandle;
import dev.junction.spi.transport.TrackedCookie;

/**
 * The router's side of one connection: the WAMP session state machine.
 *
 * <pre>
 * ESTABLISHING --HELLO--> (AUTHENTICATING --AUTHENTICATE-->) JOINED --GOODBYE--> ESTABLISHING (a new HELLO may follow)
 * JOINED --router's GOODBYE--> CLOSING --client's GOODBYE--> ESTABLISHING or CLOSED
 * any --protocol violation / ABORT / transport closed--> CLOSED
 * </pre>
 *
 * <p>Inbound messages arrive one at a time from the transport; they, authentication outcomes (which may complete on
 * other threads) and shutdown all change the state under {@link #lock}. Lock order: session, then realm.
 */
// "try": the MDC scopes (try (SessionMdc mdc = mdc()) { LOG... }) are never referenced inside, by design.
@SuppressWarnings("try")
final class WampSession implements SessionHandle {
    private static final Logger LOG = LoggerFactory.getLogger(WampSession.class);
    /** Bad input is the peer's doing: a flood of it (from one or many connections) costs a bounded number of lines. */
    private static final RateLimitedLog BAD_INPUT = new RateLimitedLog(LOG);
    /** Events dropped and sessions disconnected for a full outbound queue: counted always, logged within a budget. */
    private static final RateLimitedLog OVERLOAD = new RateLimitedLog(LOG);
    /** The ERROR for a CALL beyond the realm's {@code max_pending_calls} (no spec URI fits a per-session limit). */
    static final String ERROR_TOO_MANY_PENDING_CALLS = "junction.error.too_many_pending_calls";
    static final String OUTBOUND_QUEUE_FULL = "outbound queue full";

    enum State { ESTABLISHING, AUTHENTICATING, JOINED, CLOSING, CLOSED }

    final ConcurrentHashMap<Long, Subscription> subscriptions = new ConcurrentHashMap<>();
    final ConcurrentHashMap<Long, Registration> registrations = new ConcurrentHashMap<>();
    /** Calls this session made, by CALL request id. */
    final ConcurrentHashMap<Long, PendingCall> callsAsCaller = new ConcurrentHashMap<>();
    /** Calls routed to this session, by INVOCATION request id. */
    final ConcurrentHashMap<Long, PendingCall> invocationsAsCallee = new ConcurrentHashMap<>();
    /** Publications this session asked the router to make when it leaves (testament meta API). */
    final java.util.List<MetaApi.Testament> testaments = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private final Router router;
    private final HandshakeRequest transport;
    private final Connection connection;
    private final Serializer serializer;
    private final TransportCounters transportCounters;
    private final SerializerCounters serializerCounters;
    private final AtomicLong invocationIds = new AtomicLong();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final AtomicLong refusedInvocations = new AtomicLong();
    private final AtomicLong refusedCalls = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean overflowed = new java.util.concurrent.atomic.AtomicBoolean();
    /** The last session-scope request id the client used; the next must be one more (spec: sequential from 1). */
    private long lastRequestId;
    private final AuthorizerGate authorizerGate = new AuthorizerGate();

    private volatile State state = State.ESTABLISHING;
    private volatile SessionInfo info;
    private volatile java.time.Instant joinedAt;
    private volatile Realm realm;
    private volatile boolean left = true;
    private volatile boolean draining;
    /** Tracing of this session's messages (shell junction:trace), or null: one volatile read per message. */
    private volatile SessionTrace trace;
    private Joining joining;
    private CompletableFuture<Void> shutdown;
    private boolean closeAfterGoodbye;

    WampSession(Router router, HandshakeRequest transport, Connection connection) {
        this.router = router;
        this.transport = transport;
        this.connection = connection;
        this.serializer = transport.serializer();
        this.transportCounters = router.counters().transport(transport.transportId(), transport.transportType());
        this.serializerCounters = router.counters().serializer(serializer.name());
        transportCounters.opened();
    }

    // ---- SessionHandle: called by the transport ----

    @Override
    public void onMessage(byte[] data) {
        transportCounters.received(data.length);
        WampMessage message;
        try {
            message = serializer.decode(data);
        } catch (ProtocolViolationException e) {
            serializerCounters.decodeFailed();
            protocolViolation(e.getMessage());
            return;
        } catch (RuntimeException e) {
            serializerCounters.decodeFailed();
            protocolViolation("the message does not decode as " + serializer.name() + ": " + e.getMessage());
            return;
        }
        serializerCounters.decoded();
        SessionTrace t = trace;
        if (t != null) {
            t.log(this, "in", message, data.length);
        }
        Realm joined = realm;
        if (joined != null && !left) {
            joined.counters().received(message.type());
        }
        synchronized (lock) {
            if (authorizerGate.holding()) {
                if (!authorizerGate.hold(message)) {
                    try (SessionMdc mdc = mdc()) {
                        LOG.warn("Session {}: more than {} messages sent while the authorizer decides; closing",
                                idForLog(), AuthorizerGate.MAX_HELD);
                    }
                    disposeAndClose(1008, "too many messages while the authorizer decides");
                }
                return;
            }
            dispatchSafely(message);
        }
    }

    /** Routes one message under the session's lock; a failure ends this session only. */
    private void dispatchSafely(WampMessage message) {
        try {
            dispatch(message);
        } catch (ProtocolViolationException e) {
            protocolViolation(e.getMessage());
        } catch (RuntimeException e) {
            try (SessionMdc mdc = mdc()) {
                LOG.error("Session {} on transport {}: failed to handle {}", idForLog(), transport.transportId(),
                        WampMessages.name(message.type()), e);
            }
            disposeAndClose(1011, "internal error");
        }
    }

    @Override
    public void onWrongFrameType(String detail) {
        protocolViolation(detail);
    }

    @Override
    public void onClose(int code, String reason) {
        synchronized (lock) {
            if (state == State.JOINED || state == State.CLOSING) {
                if (LOG.isDebugEnabled()) {
                    try (SessionMdc mdc = mdc()) {
                        LOG.debug("Session {} lost its transport ({} {})", idForLog(), code, reason);
                    }
                }
            }
            if (joining != null) {
                router.releaseSessionId(joining.request().session(), this);
                joining = null;
            }
            leaveRealm();
            state = State.CLOSED;
            if (shutdown != null) {
                shutdown.complete(null);
            }
        }
        transportCounters.closed();
        router.connectionClosed(this);
    }

    @Override
    public CompletionStage<Void> shutdown(String reason) {
        return shutdown(reason, router.settings().callDrainMillis(), true);
    }

    // ---- inbound dispatch ----

    private void dispatch(WampMessage message) {
        switch (state) {
            case ESTABLISHING -> {
                if (message instanceof Hello hello) {
                    onHello(hello);
                } else if (message instanceof Abort) {
                    disposeAndClose(1000, "client aborted");
                } else {
                    throw new ProtocolViolationException(
                            WampMessages.name(message.type()) + " received before HELLO");
                }
            }
            case AUTHENTICATING -> {
                if (message instanceof Authenticate authenticate) {
                    continueAuthentication(joining.authenticate(authenticate, router));
                } else if (message instanceof Abort) {
                    disposeAndClose(1000, "client aborted");
                } else {
                    throw new ProtocolViolationException(
                            WampMessages.name(message.type()) + " received while authenticating");
                }
            }
            case JOINED -> onJoinedMessage(message);
            case CLOSING -> {
                // After sending GOODBYE the router ignores everything but the client's GOODBYE.
                if (message instanceof Goodbye) {
                    goodbyeAnswered();
                }
            }
            case CLOSED -> {
                // The connection is being closed; nothing more is processed.
            }
        }
    }

    private void onJoinedMessage(WampMessage message) {
        Realm r = realm;
        if (asksAuthorizer(r, message)) {
            return;
        }
        switch (message.type()) {
            case Publish.TYPE, Call.TYPE, Subscribe.TYPE, Unsubscribe.TYPE, Register.TYPE, Unregister.TYPE ->
                checkRequestSequence(message);
            default -> {
                // YIELD, ERROR, GOODBYE... answer the router's requests or carry none of their own.
            }
        }
        switch (message.type()) {
            case Publish.TYPE -> r.broker().publish(this, (Publish) message);
            case Call.TYPE -> {
                int maxPending = r.settings().maxPendingCalls();
                if (maxPending > 0 && callsAsCaller.size() >= maxPending) {
                    refusedCalls.incrementAndGet();
                    sendError(Call.TYPE, ((Call) message).request(), ERROR_TOO_MANY_PENDING_CALLS,
                            "this session already has " + maxPending + " calls in flight (max_pending_calls)");
                } else {
                    r.dealer().call(this, (Call) message);
                }
            }
            case Yield.TYPE -> r.dealer().yield(this, (Yield) message);
            case Subscribe.TYPE -> r.broker().subscribe(this, (Subscribe) message);
            case Unsubscribe.TYPE -> r.broker().unsubscribe(this, (Unsubscribe) message);
            case Register.TYPE -> r.dealer().register(this, (Register) message);
            case Unregister.TYPE -> r.dealer().unregister(this, (Unregister) message);
            case ErrorMessage.TYPE -> {
                ErrorMessage error = (ErrorMessage) message;
                if (error.requestType() != Invocation.TYPE) {
                    throw new ProtocolViolationException("ERROR for a " + WampMessages.name(error.requestType())
                            + " request; a client may only answer an INVOCATION with ERROR");
                }
                r.dealer().invocationError(this, error);
            }
            case Goodbye.TYPE -> {
                // Leave first: once the client (or anyone it talks to) sees the reply, the router is done with the
                // session's registrations and subscriptions, so a CALL sent after it never reaches this session.
                leaveRealm();
                if (WampUris.CLOSE_LOGOUT.equals(((Goodbye) message).reason())) {
                    logout();
                }
                send(new Goodbye(Map.of(), WampUris.CLOSE_GOODBYE_AND_OUT));
                state = State.ESTABLISHING;
                if (draining) {
                    state = State.CLOSED;
                    connection.close(1001, "router shutting down");
                }
            }
            case Cancel.TYPE -> r.dealer().cancel(this, (Cancel) message);
            case Abort.TYPE -> disposeAndClose(1000, "client aborted");
            default -> throw new ProtocolViolationException(
                    WampMessages.name(message.type()) + " is not valid from a client once the session is established");
        }
    }

    /**
     * For a session whose role has a dynamic authorizer: asks it about {@code message} unless an answer is at hand,
     * and holds every later message until it answers; the message is then routed with that answer. Returns whether
     * the message waits for the authorizer.
     */
    private boolean asksAuthorizer(Realm r, WampMessage message) {
        DynamicRole role = r.roles().dynamic(info.authrole());
        AuthorizerGate.Question q = role == null ? null : AuthorizerGate.questionOf(message);
        if (q == null || authorizerGate.answerFor(q.action(), q.uri()) != null || role.cached(q.action(), q.uri()) != null
                || (message instanceof Call call && call.request() <= lastRequestId
                        && r.dealer().continuesProgressiveCall(this, call.request()))) {
            return false;
        }
        authorizerGate.close();
        SessionInfo who = info;
        role.authorize(who, transport, q.uri(), q.action(), q.options())
                .thenAccept(decision -> authorizerAnswered(r, message, q, decision));
        return true;
    }

    private void authorizerAnswered(Realm r, WampMessage message, AuthorizerGate.Question q, Decision decision) {
        synchronized (lock) {
            List<WampMessage> held = authorizerGate.open();
            if (state != State.JOINED || realm != r) {
                return; // the session left meanwhile: what it sent belongs to a session that no longer exists
            }
            authorizerGate.answer(q, decision);
            try {
                dispatchSafely(message);
            } finally {
                authorizerGate.clearAnswer();
            }
            for (WampMessage next : held) {
                if (authorizerGate.holding()) {
                    authorizerGate.hold(next);
                } else {
                    dispatchSafely(next);
                }
            }
        }
    }

    /** The dynamic authorizer's answer for the message being routed, or {@code null} (see {@link Realm#authorize}). */
    Decision authorizerAnswer(Action action, String uri) {
        return authorizerGate.answerFor(action, uri);
    }

    /**
     * Session-scope request ids start at 1 and go up by 1 with every request the client sends (spec, "Protocol
     * errors"); a gap or a repeat is a protocol violation.
     */
    private void checkRequestSequence(WampMessage message) {
        long request = switch (message.type()) {
            case Publish.TYPE -> ((Publish) message).request();
            case Call.TYPE -> ((Call) message).request();
            case Subscribe.TYPE -> ((Subscribe) message).request();
            case Unsubscribe.TYPE -> ((Unsubscribe) message).request();
            case Register.TYPE -> ((Register) message).request();
            default -> ((Unregister) message).request();
        };
        if (message.type() == Call.TYPE && request <= lastRequestId
                && realm.dealer().continuesProgressiveCall(this, request)) {
            return; // progressive call invocations: every chunk of a call repeats its request id
        }
        if (request != lastRequestId + 1) {
            throw new ProtocolViolationException(WampMessages.name(message.type()) + " with request id " + request
                    + " after " + lastRequestId + ": session-scope request ids must be sequential");
        }
        lastRequestId = request;
    }

    // ---- opening ----

    private void onHello(Hello hello) {
        if (router.isShuttingDown() || draining) {
            send(Abort.of(WampUris.CLOSE_SYSTEM_SHUTDOWN, "the router is shutting down"));
            disposeAndClose(1001, "router shutting down");
            return;
        }
        joining = Joining.start(hello, router.reserveSessionId(this), transport);
        joining.authMethods(); // validates the list before any method runs
        if (router.realm(hello.realm()) == null) {
            abortJoin(WampUris.ERROR_NO_SUCH_REALM, "no realm '" + hello.realm() + "' on this router");
            return;
        }
        state = State.AUTHENTICATING;
        continueAuthentication(joining.begin(router));
    }

    private void continueAuthentication(CompletionStage<AuthOutcome> step) {
        Joining current = joining;
        step.whenComplete((outcome, failure) -> {
            synchronized (lock) {
                if (joining != current || state != State.AUTHENTICATING) {
                    return; // the session went away or moved on meanwhile
                }
                if (failure != null || outcome == null) {
                    authCounted(current, AuthCounters.EXCEPTION);
                    try (SessionMdc mdc = mdc()) {
                        LOG.warn("Session {}: authentication method {} failed", current.request().session(),
                                current.methodName(), failure);
                    }
                    abortJoin(WampUris.ERROR_AUTHENTICATION_FAILED, "authentication failed");
                } else if (outcome instanceof AuthOutcome.Challenge challenge) {
                    current.challenged(challenge.state());
                    send(new Challenge(current.methodName(), challenge.extra()));
                } else if (outcome instanceof AuthOutcome.Reject reject) {
                    authCounted(current, reject.reason());
                    abortJoin(reject.reason(), reject.message());
                } else {
                    welcome((AuthOutcome.Accept) outcome);
                }
            }
        });
    }

    private void welcome(AuthOutcome.Accept accept) {
        Hello hello = joining.hello();
        String realmName = accept.realm() != null ? accept.realm() : hello.realm();
        Realm target = router.realm(realmName);
        long id = joining.request().session();
        if (target != null && !target.roles().admits(accept.authrole())) {
            authCounted(joining, WampUris.ERROR_NO_SUCH_ROLE);
            abortJoin(WampUris.ERROR_NO_SUCH_ROLE, "no role '" + accept.authrole() + "' on realm '" + realmName + "'");
            return;
        }
        if (target == null || !target.join(this, id)) {
            authCounted(joining, WampUris.ERROR_NO_SUCH_REALM);
            abortJoin(WampUris.ERROR_NO_SUCH_REALM, "no realm '" + realmName + "' on this router");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> clientRoles = (Map<String, Object>) hello.details().get("roles");
        Map<String, Object> authextra = accept.authextra() == null ? Map.of() : accept.authextra();
        authCounted(joining, null);
        joinedAt = java.time.Instant.now();
        info = new SessionInfo(id, realmName, accept.authid(), accept.authrole(), joining.methodName(),
                accept.authprovider(), authextra, clientRoles);
        realm = target;
        left = false;
        lastRequestId = 0;
        testaments.clear();
        joining = null;
        state = State.JOINED;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("realm", realmName);
        details.put("authid", accept.authid());
        details.put("authrole", accept.authrole());
        details.put("authmethod", info.authmethod());
        details.put("authprovider", accept.authprovider());
        if (!authextra.isEmpty()) {
            details.put("authextra", authextra);
        }
        details.put("roles", Features.ROLES);
        details.put("agent", "Junction");
        send(new Welcome(id, details));
        rememberOnCookie(realmName, accept);
        target.meta().sessionJoined(this);
        if (LOG.isDebugEnabled()) {
            try (SessionMdc mdc = mdc()) {
                LOG.debug("Session {} joined realm {} as {} ({}) on transport {} from {}", id, realmName,
                        accept.authid(), accept.authrole(), transport.transportId(), transport.peer());
            }
        }
    }

    /**
     * Counts an authentication outcome for the method that produced it: success with {@code failure} null. The
     * router's own internal sessions are not counted (they authenticate nothing).
     */
    private void authCounted(Joining j, String failure) {
        if (InternalSession.isInternal(serializer)) {
            return;
        }
        String method = WampUris.ERROR_NO_MATCHING_AUTH_METHOD.equals(failure) ? "none" : j.methodName();
        AuthCounters c = router.counters().authenticator(method);
        if (failure == null) {
            c.succeeded();
        } else {
            c.failed(failure);
        }
    }

    /**
     * With the {@code cookie} method enabled on the transport, a session that joined by another method is remembered
     * on its connection's tracking cookie, so that the cookie authenticates its next connection (Crossbar).
     */
    private void rememberOnCookie(String realmName, AuthOutcome.Accept accept) {
        TrackedCookie cookie = transport.cookie();
        String method = info.authmethod();
        if (cookie == null || "cookie".equals(method) || !Joining.enabledMethods(transport.authConfig()).contains("cookie")) {
            return;
        }
        try {
            cookie.remember(new CookieAuth(accept.authid(), accept.authrole(), method, accept.authprovider(), realmName,
                    info.authextra()));
        } catch (RuntimeException e) {
            // The session has joined; only its next connection will not be recognized.
            LOG.warn("Session {}: cannot remember its authentication on cookie {}", idForLog(), cookie, e);
        }
    }

    /**
     * GOODBYE {@code wamp.close.logout}: the connection's cookie forgets its authentication, and every other
     * connection sharing the cookie (other tabs of the same browser) is closed, as in Crossbar.
     */
    private void logout() {
        TrackedCookie cookie = transport.cookie();
        if (cookie == null) {
            return;
        }
        try {
            cookie.forget();
        } catch (RuntimeException e) {
            LOG.warn("Session {}: cannot forget the authentication of cookie {}", idForLog(), cookie, e);
        }
        router.closeSharingCookie(this, transport.transportId(), cookie.id());
    }

    private void abortJoin(String reason, String message) {
        if (joining != null) {
            router.releaseSessionId(joining.request().session(), this);
        }
        joining = null;
        state = State.ESTABLISHING;
        send(Abort.of(reason, message));
        try (SessionMdc mdc = mdc()) {
            BAD_INPUT.info("HELLO from {} on transport {} aborted: {} ({})", transport.peer(), transport.transportId(),
                    reason, message);
        }
    }

    // ---- closing ----

    /**
     * Winds the session down: refuse new calls, give calls in flight up to {@code drainMillis}, answer the rest with
     * ERROR, send GOODBYE {@code reason}, wait for the reply for a bounded time, then close the connection (or, with
     * {@code closeTransport} false, keep it open for a new HELLO).
     */
    CompletionStage<Void> shutdown(String reason, long drainMillis, boolean closeTransport) {
        return shutdown(reason, shutdownMessage(reason), drainMillis, closeTransport);
    }

    /** As {@link #shutdown(String, long, boolean)}, with the GOODBYE's {@code Details.message}. */
    CompletionStage<Void> shutdown(String reason, String message, long drainMillis, boolean closeTransport) {
        synchronized (lock) {
            if (shutdown != null) {
                return shutdown;
            }
            shutdown = new CompletableFuture<>();
            draining = closeTransport;
            if (state != State.JOINED) {
                if (closeTransport || state == State.AUTHENTICATING) {
                    disposeAndClose(1001, "router shutting down");
                }
                shutdown.complete(null);
                return shutdown;
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
            drainThenSayGoodbye(reason, message, deadline, closeTransport);
            return shutdown;
        }
    }

    private void drainThenSayGoodbye(String reason, String message, long deadline, boolean closeTransport) {
        synchronized (lock) {
            if (state != State.JOINED) {
                shutdown.complete(null);
                return;
            }
            boolean busy = !callsAsCaller.isEmpty() || !invocationsAsCallee.isEmpty()
                    || realm.dealer().forwardsCallsOf(this);
            if (busy && System.nanoTime() < deadline) {
                router.schedule(() -> drainThenSayGoodbye(reason, message, deadline, closeTransport), 10);
                return;
            }
            Realm r = realm;
            r.dealer().cancelOwnCalls(this, "the router is shutting down");
            leaveRealm();
            state = State.CLOSING;
            closeAfterGoodbye = closeTransport;
            send(new Goodbye(message == null ? Map.of() : Map.of("message", message), reason));
            router.schedule(this::goodbyeTimedOut, router.settings().goodbyeMillis());
        }
    }

    private static String shutdownMessage(String reason) {
        return WampUris.CLOSE_CLOSE_REALM.equals(reason) ? "the realm was removed" : "the router is shutting down";
    }

    private void goodbyeAnswered() {
        CompletableFuture<Void> done = shutdown;
        if (closeAfterGoodbye) {
            state = State.CLOSED;
            connection.close(1001, "router shutting down");
        } else {
            state = State.ESTABLISHING; // the connection stays open for a HELLO to another realm
            shutdown = null;
        }
        if (done != null) {
            done.complete(null);
        }
    }

    private void goodbyeTimedOut() {
        synchronized (lock) {
            if (state == State.CLOSING) {
                if (LOG.isDebugEnabled()) {
                    try (SessionMdc mdc = mdc()) {
                        LOG.debug("Session {} did not answer GOODBYE in time; closing its connection", idForLog());
                    }
                }
                state = State.CLOSED;
                connection.close(1001, "no reply to GOODBYE");
                if (shutdown != null) {
                    shutdown.complete(null);
                }
            }
        }
    }

    private void protocolViolation(String message) {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            try (SessionMdc mdc = mdc()) {
                BAD_INPUT.warn("Protocol violation by session {} on transport {} from {}: {}", idForLog(),
                        transport.transportId(), transport.peer(), message);
            }
            send(Abort.of(WampUris.ERROR_PROTOCOL_VIOLATION, message));
            disposeAndClose(1002, "protocol violation");
        }
    }

    private void disposeAndClose(int code, String reason) {
        if (joining != null) {
            router.releaseSessionId(joining.request().session(), this);
            joining = null;
        }
        leaveRealm();
        state = State.CLOSED;
        connection.close(code, reason);
    }

    private void leaveRealm() {
        if (left) {
            return;
        }
        left = true;
        Realm r = realm;
        SessionInfo i = info;
        r.leave(this, i.id());
        router.releaseSessionId(i.id(), this);
    }

    // ---- used by broker, dealer and router ----

    Serializer serializer() {
        return serializer;
    }

    boolean hasLeft() {
        return left;
    }

    boolean isDraining() {
        return draining || router.isShuttingDown();
    }

    SessionInfo info() {
        return info;
    }

    /** When the session last got WELCOME (the admin view shows it), or {@code null}. */
    java.time.Instant joinedAt() {
        return joinedAt;
    }

    /** What the transport told the router about this connection (peer, transport id). */
    HandshakeRequest handshakeRequest() {
        return transport;
    }

    /**
     * Another connection sharing this one's tracking cookie logged out: GOODBYE {@code wamp.close.logout}, then the
     * connection closes (Crossbar closes them). On the router's timer thread, as {@link #kill}.
     */
    void loggedOutElsewhere() {
        router.schedule(() -> shutdown(WampUris.CLOSE_LOGOUT, "a connection sharing this cookie logged out", 0, true),
                0);
    }

    /**
     * Ends the session from outside (meta API {@code wamp.session.kill}, the admin view): GOODBYE with
     * {@code reason}, no drain. On the router's timer thread, because the caller may hold another session's lock
     * and two sessions killing each other must not wait for each other's locks.
     */
    void kill(String reason, String message) {
        router.schedule(() -> shutdown(reason, message, 0, false), 0);
    }

    long nextInvocationId() {
        return invocationIds.incrementAndGet();
    }

    long lastInvocationId() {
        return invocationIds.get();
    }

    /** The transport details the meta API shows, in Crossbar's shape. */
    Map<String, Object> transportDetails() {
        Map<String, Object> details = new LinkedHashMap<>(Map.of("type", transport.transportType(), "id",
                transport.transportId(), "peer", transport.peer(), "protocol", serializer.subprotocol(), "serializer",
                serializer.name()));
        if (transport.cookie() != null) {
            details.put("cbtid", transport.cookie().id()); // Crossbar's name for the tracking cookie
        }
        return details;
    }

    /** The identity fields the spec discloses: {@code caller}/{@code publisher} and their authid and authrole. */
    Map<String, Object> disclosure(String role) {
        SessionInfo i = info;
        return Map.of(role, i.id(), role + "_authid", i.authid(), role + "_authrole", i.authrole());
    }

    /** Encodes and queues a message; false when this session's serializer cannot carry it. */
    boolean send(WampMessage message) {
        byte[] bytes;
        try {
            bytes = serializer.encode(message);
            serializerCounters.encoded();
        } catch (RuntimeException e) {
            serializerCounters.encodeFailed();
            try (SessionMdc mdc = mdc()) {
                BAD_INPUT.warn("Session {}: cannot encode {} as {}: {}", idForLog(), WampMessages.name(message.type()),
                        serializer.name(), e.getMessage());
            }
            return false;
        }
        SessionTrace t = trace;
        if (t != null) {
            t.log(this, "out", message, bytes.length);
        }
        if (message.type() == Event.TYPE) {
            queueEvent(bytes);
        } else {
            sendReply(bytes, message);
        }
        return true;
    }

    /**
     * Queues an EVENT, already encoded in this session's format, if the outbound queue has room; otherwise applies
     * the realm's policy (drop and count, or disconnect). Never blocks and takes no session lock: it runs under the
     * realm's read lock on the publisher's thread.
     */
    void sendEncoded(byte[] event) {
        SessionTrace t = trace;
        if (t != null) {
            t.logEncodedEvent(this, event.length);
        }
        queueEvent(event);
    }

    /**
     * An EVENT this session's serializer cannot carry (e.g. a JSON string with a lone surrogate, which has no UTF-8
     * form for MsgPack or CBOR): counted as dropped and logged (rate-limited), so it is never silent.
     */
    void dropUnencodableEvent(String why) {
        long dropped = droppedEvents.incrementAndGet();
        Realm joined = realm;
        if (joined != null) {
            joined.counters().eventDropped();
        }
        try (SessionMdc mdc = mdc()) {
            BAD_INPUT.warn("Session {}: cannot encode an EVENT as {}: {}; dropped it ({} dropped for this session so "
                    + "far)", idForLog(), serializer.name(), why, dropped);
        }
    }

    private void queueEvent(byte[] event) {
        OutboundLimits limits = outboundLimits();
        Realm joined = realm;
        if (limits.admits(connection.queuedBytes(), connection.queuedMessages(), event.length)) {
            write(event);
            if (joined != null) {
                joined.counters().sent(Event.TYPE);
                joined.counters().eventDelivered();
            }
            return;
        }
        long dropped = droppedEvents.incrementAndGet();
        if (joined != null) {
            joined.counters().eventDropped();
        }
        if (limits.policy() == OutboundLimits.Policy.DROP) {
            try (SessionMdc mdc = mdc()) {
                OVERLOAD.warn("Session {} on transport {}: outbound queue full ({} messages, {} bytes); dropped an "
                        + "EVENT ({} dropped for this session so far)", idForLog(), transport.transportId(),
                        connection.queuedMessages(), connection.queuedBytes(), dropped);
            }
        } else {
            overflow("EVENT");
        }
    }

    /** Queues a message that cannot be dropped (a reply, GOODBYE, INVOCATION...), up to twice the queue's bound. */
    private void sendReply(byte[] bytes, WampMessage message) {
        if (outboundLimits().admitsReply(connection.queuedBytes(), connection.queuedMessages(), bytes.length)) {
            write(bytes);
            Realm joined = realm;
            if (joined != null && !left) {
                joined.counters().sent(message.type());
                if (message instanceof ErrorMessage error) {
                    joined.counters().errorSent(error);
                }
            }
        } else {
            overflow(WampMessages.name(message.type()));
        }
    }

    /** Hands encoded bytes to the transport, counting them for the transport. */
    private void write(byte[] bytes) {
        connection.send(bytes);
        transportCounters.sent(bytes.length);
    }

    SerializerCounters serializerCounters() {
        return serializerCounters;
    }

    /**
     * Whether an INVOCATION carrying {@code payload} (as received from a caller on {@code from}) can be queued for this
     * session as callee now; counts the refusal when it cannot.
     */
    boolean admitsInvocation(Payload payload, Serializer from) {
        Payload.Encoded encoded = payload.encodedAs(from.name());
        int size = encoded == null ? 0 : encoded.argsLength() + encoded.kwargsLength();
        if (outboundLimits().admits(connection.queuedBytes(), connection.queuedMessages(), size)) {
            return true;
        }
        refusedInvocations.incrementAndGet();
        return false;
    }

    /** A call of this session was refused at once because its callee's queue was full. */
    void callRefused() {
        refusedCalls.incrementAndGet();
    }

    /**
     * The peer does not read what it is sent: discard its queue and close its connection (1008). Done on the router's
     * timer: the caller may hold the realm's read lock (fan-out), and leaving the realm needs its write lock. Until
     * then the queue stays full, so further events are refused and counted.
     */
    private void overflow(String what) {
        if (!overflowed.compareAndSet(false, true)) {
            return;
        }
        try (SessionMdc mdc = mdc()) {
            OVERLOAD.warn("Session {} on transport {} from {}: outbound queue full ({} messages, {} bytes) at an {}; "
                    + "disconnecting it", idForLog(), transport.transportId(), transport.peer(),
                    connection.queuedMessages(), connection.queuedBytes(), what);
        }
        router.schedule(() -> {
            connection.abort(1008, OUTBOUND_QUEUE_FULL);
            synchronized (lock) {
                if (state != State.CLOSED) {
                    disposeAndClose(1008, OUTBOUND_QUEUE_FULL);
                }
            }
        }, 0);
    }

    private OutboundLimits outboundLimits() {
        Realm r = realm;
        return r == null ? OutboundLimits.DEFAULTS : r.settings().outbound();
    }

    /** Overload counters and the outbound queue's level, for the session listing. */
    SessionStats stats() {
        return new SessionStats(droppedEvents.get(), refusedInvocations.get(), refusedCalls.get(),
                connection.queuedBytes(), connection.queuedMessages());
    }

    void sendError(int requestType, long request, String uri, String message) {
        send(ErrorMessage.of(requestType, request, uri, message == null ? Payload.EMPTY : Payload.of(message)));
    }

    /** Switches tracing of this session's messages on ({@code trace} not null) or off. */
    void trace(SessionTrace newTrace) {
        this.trace = newTrace;
    }

    /** Puts this session's identity into the log MDC until the returned scope closes (see {@link SessionMdc}). */
    SessionMdc mdc() {
        SessionInfo i = info;
        Joining j = joining;
        Object id = null;
        if (i != null) {
            id = i.id();
        } else if (j != null) {
            id = j.request().session();
        }
        return SessionMdc.put(i != null ? i.realm() : null, id, i != null ? i.authid() : null, transport.transportId());
    }

    private Object idForLog() {
        SessionInfo i = info;
        return i != null ? i.id() : "(not joined, " + transport.peer() + ")";
    }
}
