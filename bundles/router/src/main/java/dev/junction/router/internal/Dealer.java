package dev.junction.router.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.junction.api.MatchPolicy;
import dev.junction.api.ProtocolViolationException;
import dev.junction.api.WampUris;
import dev.junction.api.message.Call;
import dev.junction.api.message.Cancel;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Interrupt;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Unregister;
import dev.junction.api.message.Unregistered;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Yield;
import dev.junction.spi.cluster.CallPlacement;
import dev.junction.spi.cluster.ClusterRouting;
import dev.junction.spi.cluster.LocalCallees;
import dev.junction.spi.cluster.RemoteAnswer;
import dev.junction.spi.cluster.RemoteCall;
import dev.junction.spi.cluster.RemoteCallHandle;

/**
 * The realm's remote procedure call routing.
 *
 * <p>Concurrency: register, unregister and session departure change the registration table and queue their
 * acknowledgement under the realm's write lock; a call looks up its callee and queues the INVOCATION under the read
 * lock, so an acknowledged registration serves every call that follows and no INVOCATION overtakes REGISTERED. A call in flight is a {@link PendingCall} held in the caller's and the
 * callee's session; removing it from the callee's index is the single point that decides who answers the caller,
 * so a YIELD racing with the callee's departure answers the caller exactly once.
 */
final class Dealer {
    private static final String MODE_SKIP = "skip";
    private static final String MODE_KILL = "kill";
    static final String MODE_KILLNOWAIT = "killnowait";
    private static final Map<String, Object> PROGRESS = Map.of("progress", true);
    private static final String PASSTHRU_REFUSED = "the callee answered in payload passthru mode, which this caller"
            + " did not announce";
    static final String ERROR_DIFFERENT_POLICY = "wamp.error.procedure_exists_with_different_invocation_policy";
    static final String ERROR_FEATURE_NOT_SUPPORTED = "wamp.error.feature_not_supported";

    private final Realm realm;
    private final PatternTable<Registration> registrations = new PatternTable<>();
    private final ForwardedCalls forwarded = new ForwardedCalls();

    Dealer(Realm realm) {
        this.realm = realm;
    }

    void register(WampSession session, Register msg) {
        MatchPolicy match = MatchPolicy.fromOption(msg.options().get("match"));
        if (match == null) {
            session.sendError(Register.TYPE, msg.request(), WampUris.ERROR_INVALID_ARGUMENT,
                    "REGISTER.Options.match must be exact, prefix or wildcard, was " + msg.options().get("match"));
            return;
        }
        Object invoke = msg.options().getOrDefault("invoke", "single");
        if (!Registration.POLICIES.contains(invoke)) {
            session.sendError(Register.TYPE, msg.request(), WampUris.ERROR_INVALID_ARGUMENT,
                    "REGISTER.Options.invoke must be one of " + Registration.POLICIES + ", was " + invoke);
            return;
        }
        String procedure = msg.procedure();
        if (!realm.uriCheck().isValid(procedure, match) || procedure.startsWith("wamp.")) {
            session.sendError(Register.TYPE, msg.request(), WampUris.ERROR_INVALID_URI,
                    "invalid procedure URI '" + procedure + "'");
            return;
        }
        String refusal = realm.authorize(session, procedure, Action.REGISTER).refusal(Map.of());
        if (refusal != null) {
            session.sendError(Register.TYPE, msg.request(), refusal,
                    Decision.explain(refusal, "register procedure '" + procedure + "'"));
            return;
        }
        ClusterRouting cluster = realm.cluster();
        if (cluster == null) {
            add(session, msg, match, procedure, (String) invoke, null);
            return;
        }
        // The cluster decides atomically whether another node holds the procedure; REGISTERED waits for it.
        cluster.claimRegistration(realm.name(), match, procedure, (String) invoke, conflict -> {
            if (conflict != null) {
                if (!session.hasLeft()) {
                    session.sendError(Register.TYPE, msg.request(), conflict, "procedure '" + procedure
                            + "' is already registered on another node of the cluster");
                }
            } else if (!add(session, msg, match, procedure, (String) invoke, cluster)) {
                cluster.releaseRegistration(realm.name(), match, procedure);
            }
        });
    }

    /**
     * Adds {@code session} as a callee, or answers why not; true when it was added (and holds its cluster claim).
     * A session that left meanwhile (the cluster's answer took a while) is not added.
     */
    private boolean add(WampSession session, Register msg, MatchPolicy match, String procedure, String invoke,
            ClusterRouting cluster) {
        realm.routingLock.writeLock().lock();
        try {
            if (cluster != null && session.hasLeft()) {
                return false;
            }
            Registration reg = registrations.get(match, procedure);
            boolean created = reg == null;
            if (created) {
                reg = new Registration(realm.nextRouterScopeId(), procedure, match, invoke);
                registrations.put(match, procedure, reg);
                if (cluster != null) {
                    cluster.registrationAdded(realm.name(), match, procedure, reg.invoke);
                }
            } else if ("single".equals(reg.invoke) && "single".equals(invoke) || reg.callees.contains(session)) {
                session.sendError(Register.TYPE, msg.request(), WampUris.ERROR_PROCEDURE_ALREADY_EXISTS,
                        "procedure '" + procedure + "' is already registered");
                return false;
            } else if (!reg.invoke.equals(invoke)) {
                session.sendError(Register.TYPE, msg.request(), ERROR_DIFFERENT_POLICY, "procedure '" + procedure
                        + "' is registered with invocation policy " + reg.invoke + ", not " + invoke);
                return false;
            }
            reg.registeredAt.put(session, System.currentTimeMillis());
            reg.callees.add(session);
            if (cluster != null) {
                cluster.calleesChanged(realm.name(), reg.share());
            }
            if (Boolean.TRUE.equals(msg.options().get("disclose_caller"))) {
                reg.discloseCallerTo.add(session);
            }
            session.registrations.put(reg.id, reg);
            session.send(new Registered(msg.request(), reg.id));
            realm.meta().registered(session, reg, created);
            return true;
        } finally {
            realm.routingLock.writeLock().unlock();
        }
    }

    void unregister(WampSession session, Unregister msg) {
        realm.routingLock.writeLock().lock();
        try {
            Registration reg = session.registrations.remove(msg.registration());
            if (reg == null) {
                session.sendError(Unregister.TYPE, msg.request(), WampUris.ERROR_NO_SUCH_REGISTRATION,
                        "no registration " + msg.registration());
                return;
            }
            detach(session, reg);
            session.send(new Unregistered(msg.request(), null));
        } finally {
            realm.routingLock.writeLock().unlock();
        }
    }

    /**
     * Registration revocation ({@code wamp.registration.remove_callee}): takes {@code callee} out of {@code reg}; a
     * callee that announced {@code registration_revocation} gets {@code [UNREGISTERED, 0, {registration, reason}]},
     * any other learns nothing (the spec's message would be a protocol violation to it). Calls in flight to it still
     * take its answer. Returns false when the session is no callee of the registration.
     */
    boolean revoke(WampSession callee, Registration reg, String reason) {
        realm.routingLock.writeLock().lock();
        try {
            if (callee.registrations.remove(reg.id, reg)) {
                SessionInfo info = callee.info();
                if (info != null && info.announces("callee", "registration_revocation")) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("registration", reg.id);
                    if (reason != null) {
                        details.put("reason", reason);
                    }
                    callee.send(new Unregistered(0, details));
                }
                detach(callee, reg);
                return true;
            }
            return false;
        } finally {
            realm.routingLock.writeLock().unlock();
        }
    }

    private void detach(WampSession session, Registration reg) {
        reg.callees.remove(session);
        reg.registeredAt.remove(session);
        reg.discloseCallerTo.remove(session);
        boolean deleted = reg.callees.isEmpty();
        ClusterRouting cluster = realm.cluster();
        if (cluster != null) {
            cluster.calleesChanged(realm.name(), reg.share());
            cluster.releaseRegistration(realm.name(), reg.match, reg.procedure);
        }
        if (deleted) {
            registrations.remove(reg.match, reg.procedure, reg);
            if (cluster != null) {
                cluster.registrationRemoved(realm.name(), reg.match, reg.procedure);
            }
        }
        realm.meta().unregistered(session, reg, deleted);
    }

    void call(WampSession caller, Call msg) {
        if (caller.isDraining()) {
            caller.sendError(Call.TYPE, msg.request(), WampUris.ERROR_UNAVAILABLE, "the router is shutting down");
            return;
        }
        String procedure = msg.procedure();
        if (!realm.uriCheck().isValid(procedure)) {
            caller.sendError(Call.TYPE, msg.request(), WampUris.ERROR_INVALID_URI,
                    "invalid procedure URI '" + procedure + "'");
            return;
        }
        PendingCall ongoing = caller.callsAsCaller.get(msg.request());
        if (ongoing != null && ongoing.streaming()) {
            nextChunk(ongoing, msg);
            return;
        }
        if (forwarded.streaming(caller, msg.request())) {
            forwarded.chunk(caller, msg.request(), msg.payload(), Boolean.TRUE.equals(msg.options().get("progress")));
            return;
        }
        Decision decision = realm.authorize(caller, procedure, Action.CALL);
        String refusal = decision.refusal(msg.options());
        if (refusal != null) {
            caller.sendError(Call.TYPE, msg.request(), refusal,
                    Decision.explain(refusal, "call procedure '" + procedure + "'"));
            return;
        }
        if (PayloadPassthru.requested(msg.options())) {
            PayloadPassthru.requireAnnounced(caller, "caller", "CALL");
        }
        if (Boolean.TRUE.equals(msg.options().get("progress"))) {
            SessionInfo info = caller.info();
            if (info == null || !info.announces("caller", "progressive_call_invocations")) {
                // The spec: a protocol error when the caller did not announce the feature.
                throw new ProtocolViolationException(
                        "CALL.Options.progress without announcing progressive_call_invocations for the caller role");
            }
        }
        if (procedure.startsWith("wamp.") && realm.meta().call(caller, msg)) {
            return;
        }
        realm.routingLock.readLock().lock();
        try {
            route(caller, msg, decision.disclosure());
        } finally {
            realm.routingLock.readLock().unlock();
        }
    }

    /** Picks the callee and queues the INVOCATION. Runs under the read lock, so it sees whole table changes only. */
    private void route(WampSession caller, Call msg, Disclosure disclosure) {
        String procedure = msg.procedure();
        Map<String, Object> options = msg.options();
        Object timeout = options.getOrDefault("timeout", 0L);
        if (!(timeout instanceof Long t) || t < 0) {
            caller.sendError(Call.TYPE, msg.request(), WampUris.ERROR_INVALID_ARGUMENT,
                    "CALL.Options.timeout must be an integer of milliseconds >= 0, was " + timeout);
            return;
        }
        Registration reg = registrations.best(procedure);
        OnBehalfOf remoteCaller = OnBehalfOf.in(caller, options);
        // A call from another node stays here (never forwarded twice), on the callee that node chose.
        ClusterRouting cluster = remoteCaller == null ? realm.cluster() : null;
        WampSession callee;
        if (cluster != null) {
            LocalCallees local = reg == null || reg.callees.isEmpty() ? null : reg.share();
            CallPlacement where = cluster.place(realm.name(), procedure, local);
            if (where != null && !where.here()) {
                if (forwardToCluster(cluster, caller, msg, (Long) timeout, where, disclosure)) {
                    return;
                }
                where = local == null ? null : CallPlacement.HERE;
            }
            callee = where == null || reg == null ? null : reg.calleeAt(where.callee());
        } else {
            callee = reg == null ? null : reg.calleeAt(remoteCaller == null ? -1 : remoteCaller.callee());
        }
        if (callee == null) {
            caller.sendError(Call.TYPE, msg.request(), WampUris.ERROR_NO_SUCH_PROCEDURE,
                    "no callee registered for procedure '" + procedure + "'");
            return;
        }
        if (!callee.admitsInvocation(msg.payload(), caller.serializer())) {
            caller.callRefused(); // the callee does not read: answer now rather than queue without bound
            caller.sendError(Call.TYPE, msg.request(), WampUris.ERROR_UNAVAILABLE,
                    "the callee cannot take the call now: its outbound queue is full");
            return;
        }
        SessionInfo calleeInfo = callee.info();
        boolean streaming = Boolean.TRUE.equals(options.get("progress"));
        if (streaming && (calleeInfo == null || !calleeInfo.announces("callee", "progressive_call_invocations")
                || !calleeInfo.calleeCancels())) {
            // The spec: progressive invocations need a callee announcing them and call canceling.
            caller.sendError(Call.TYPE, msg.request(), ERROR_FEATURE_NOT_SUPPORTED,
                    "the callee of '" + procedure + "' does not take progressive call invocations");
            return;
        }
        boolean passthru = PayloadPassthru.requested(options);
        if (passthru && !PayloadPassthru.announced(callee, "callee")) {
            caller.sendError(Call.TYPE, msg.request(), ERROR_FEATURE_NOT_SUPPORTED,
                    "the callee of '" + procedure + "' does not take payload passthru mode");
            return;
        }
        if (passthru && !(remoteCaller == null ? PayloadPassthru.carriable(caller, callee, msg.payload())
                : PayloadPassthru.carriable(remoteCaller.callerSerializer(), callee, msg.payload()))) {
            caller.sendError(Call.TYPE, msg.request(), ERROR_FEATURE_NOT_SUPPORTED, "the callee of '" + procedure
                    + "' uses another serializer and a passthru payload is never transcoded (only a single binary"
                    + " argument can cross serializers)");
            return;
        }
        // Progressive results need only the callee's progressive_call_results (not also call_canceling).
        boolean progressive = Boolean.TRUE.equals(options.get("receive_progress")) && calleeInfo != null
                && calleeInfo.announces("callee", "progressive_call_results");
        PendingCall call = new PendingCall(caller, msg.request(), callee, callee.nextInvocationId(), reg, progressive,
                (Long) timeout, realm.counters());
        if (caller.callsAsCaller.putIfAbsent(msg.request(), call) != null) {
            throw new ProtocolViolationException("CALL request " + msg.request() + " is already in flight");
        }
        if (remoteCaller != null) {
            call.remoteCallerSerializer(remoteCaller.callerSerializer());
        }
        callee.invocationsAsCallee.put(call.invocationRequest(), call);
        Map<String, Object> details = invocationDetails(caller, callee, reg, options, procedure, progressive,
                disclosure, remoteCaller);
        if (passthru) {
            details = PayloadPassthru.withOptions(details, options);
        }
        if (streaming) {
            call.invocationDetails(details);
            call.streaming(true);
            details = new LinkedHashMap<>(details);
            details.put("progress", true);
        }
        armTimeout(call);
        boolean sent = callee.send(new Invocation(call.invocationRequest(), reg.id, details, msg.payload()));
        // The callee may have left (or its serializer refused the payload) while we routed: whoever removes the
        // call from the callee's index answers the caller.
        if ((!sent || callee.hasLeft()) && take(call)) {
            caller.sendError(Call.TYPE, msg.request(), sent ? WampUris.ERROR_CANCELED : WampUris.ERROR_INVALID_ARGUMENT,
                    sent ? "the callee left" : "the callee's serializer cannot carry the arguments");
        }
    }

    /**
     * Hands a call to the node the cluster placed it on; the chunks of a progressive call invocation follow it, and
     * a passthru payload crosses with its {@code ppt_*} options (the callee's node checks it against its callee's
     * serializer, the answer's {@code ppt_*} come back). Progressive results and the answer (RESULT or ERROR, once)
     * are queued to the caller from the cluster's thread; a caller that left meanwhile gets nothing.
     */
    private boolean forwardToCluster(ClusterRouting cluster, WampSession caller, Call msg, long timeout,
            CallPlacement where, Disclosure disclosure) {
        Map<String, Object> options = msg.options();
        boolean streaming = Boolean.TRUE.equals(options.get("progress"));
        long request = msg.request();
        boolean receiveProgress = Boolean.TRUE.equals(options.get("receive_progress"));
        RemoteCall call = new RemoteCall(realm.name(), msg.procedure(), caller.info().id(), timeout, msg.payload(),
                receiveProgress, Boolean.TRUE.equals(options.get("disclose_me")), OnBehalfOf.wireName(disclosure),
                caller.disclosure("caller"), streaming, caller.serializer().name(),
                PayloadPassthru.withOptions(Map.of(), options));
        ForwardedCalls.Forwarded f = forwarded.start(caller, request);
        f.streaming(streaming);
        RemoteCallHandle handle = cluster.forward(call, where, new RemoteAnswer() {
            @Override
            public void progress(Payload payload) {
                progress(payload, Map.of());
            }

            @Override
            public void progress(Payload payload, Map<String, Object> details) {
                if (receiveProgress && forwarded.running(f) && !caller.hasLeft()) {
                    if (passthruRefused(details)) {
                        error(ERROR_FEATURE_NOT_SUPPORTED, Payload.of(PASSTHRU_REFUSED), Map.of());
                    } else {
                        caller.send(new Result(request,
                                details.isEmpty() ? PROGRESS : PayloadPassthru.withOptions(PROGRESS, details), payload));
                    }
                }
            }

            @Override
            public void result(Payload payload) {
                result(payload, Map.of());
            }

            @Override
            public void result(Payload payload, Map<String, Object> details) {
                f.streaming(false);
                if (forwarded.end(f) && !caller.hasLeft()) {
                    caller.send(passthruRefused(details)
                            ? new ErrorMessage(Call.TYPE, request, Map.of(), ERROR_FEATURE_NOT_SUPPORTED,
                                    Payload.of(PASSTHRU_REFUSED))
                            : new Result(request, details, payload));
                }
            }

            @Override
            public void error(String uri, Payload payload) {
                error(uri, payload, Map.of());
            }

            @Override
            public void error(String uri, Payload payload, Map<String, Object> details) {
                f.streaming(false);
                if (forwarded.end(f) && !caller.hasLeft()) {
                    caller.send(passthruRefused(details)
                            ? new ErrorMessage(Call.TYPE, request, Map.of(), ERROR_FEATURE_NOT_SUPPORTED,
                                    Payload.of(PASSTHRU_REFUSED))
                            : new ErrorMessage(Call.TYPE, request, details, uri, payload));
                }
            }

            /** A passthru answer from the other node for a caller that did not announce the feature. */
            private boolean passthruRefused(Map<String, Object> details) {
                return PayloadPassthru.requested(details) && !PayloadPassthru.announced(caller, "caller");
            }
        });
        if (handle == null) {
            forwarded.end(f);
            return false;
        }
        f.handle(handle);
        return true;
    }

    /** Whether {@code caller} has calls running on other nodes (the shutdown drain waits for them too). */
    boolean forwardsCallsOf(WampSession caller) {
        return forwarded.any(caller);
    }

    /** Whether a callee of this node serves {@code procedure} (a call forwarded from another node). */
    boolean servesLocally(String procedure) {
        realm.routingLock.readLock().lock();
        try {
            Registration reg = registrations.best(procedure);
            return reg != null && !reg.callees.isEmpty();
        } finally {
            realm.routingLock.readLock().unlock();
        }
    }

    /** Whether {@code request} names a progressive call invocation the caller is still sending chunks for. */
    boolean continuesProgressiveCall(WampSession caller, long request) {
        PendingCall call = caller.callsAsCaller.get(request);
        return call != null && call.streaming() || forwarded.streaming(caller, request);
    }

    /**
     * A further chunk of a progressive call invocation: to the same callee, under the same INVOCATION request id,
     * with the first chunk's details (the spec freezes every option but {@code progress}). The chunk without
     * {@code progress} is the last. A chunk for a call that ended meanwhile (the callee answered, it timed out) is
     * dropped.
     */
    private void nextChunk(PendingCall call, Call msg) {
        boolean more = Boolean.TRUE.equals(msg.options().get("progress"));
        call.streaming(more);
        if (!call.callee().invocationsAsCallee.containsKey(call.invocationRequest())) {
            return;
        }
        Map<String, Object> details = call.invocationDetails();
        if (more) {
            details = new LinkedHashMap<>(details);
            details.put("progress", true);
        }
        call.callee().send(new Invocation(call.invocationRequest(), call.registration().id, details, msg.payload()));
    }

    /** INVOCATION.Details; the common plain call allocates nothing. */
    private static Map<String, Object> invocationDetails(WampSession caller, WampSession callee, Registration reg,
            Map<String, Object> options, String procedure, boolean progressive, Disclosure disclosure,
            OnBehalfOf remoteCaller) {
        // Caller identification: as the caller's role says, else on the caller's disclose_me or the callee's
        // REGISTER disclose_caller. A caller on another node: its role, and its identity rather than the internal
        // session's.
        Disclosure rule = remoteCaller == null ? disclosure : remoteCaller.disclosure();
        boolean disclose = rule.discloses(
                Boolean.TRUE.equals(options.get("disclose_me")) || reg.discloseCallerTo.contains(callee));
        boolean pattern = reg.match != MatchPolicy.EXACT;
        if (!disclose && !progressive && !pattern) {
            return Map.of();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        if (disclose) {
            details.putAll(remoteCaller == null ? caller.disclosure("caller") : remoteCaller.callerDetails());
        }
        if (progressive) {
            details.put("receive_progress", true);
        }
        if (pattern) {
            details.put("procedure", procedure); // a pattern callee learns which procedure was called
        }
        return details;
    }

    void yield(WampSession callee, Yield msg) {
        boolean passthru = PayloadPassthru.requested(msg.options());
        if (passthru) {
            PayloadPassthru.requireAnnounced(callee, "callee", "YIELD");
        }
        if (Boolean.TRUE.equals(msg.options().get("progress"))) {
            PendingCall call = callee.invocationsAsCallee.get(msg.request());
            if (call == null) {
                checkIssued(callee, msg.request(), "YIELD");
            } else if (call.progressive() && (!passthru || progressivePassthruDeliverable(call, msg.payload()))) {
                armTimeout(call); // the timeout runs between results
                call.caller().send(new Result(call.callRequest(),
                        passthru ? PayloadPassthru.withOptions(PROGRESS, msg.options()) : PROGRESS, msg.payload()));
            }
            // A progressive result the caller did not ask for is dropped: it expects one RESULT.
            return;
        }
        PendingCall call = takeInvocationKeepingCaller(callee, msg.request(), "YIELD");
        if (call == null) {
            return;
        }
        try {
            if (!passthru || passthruDeliverable(call, msg.payload())) {
                call.caller().send(new Result(call.callRequest(),
                        passthru ? PayloadPassthru.withOptions(Map.of(), msg.options()) : Map.of(), msg.payload()));
            }
        } finally {
            answered(call);
        }
    }

    /**
     * For a progressive passthru result: true when it can go to the caller; otherwise ends the call with ERROR
     * {@code wamp.error.feature_not_supported} to the caller and returns false.
     */
    private boolean progressivePassthruDeliverable(PendingCall call, dev.junction.api.message.Payload payload) {
        if (canReceivePassthru(call, payload)) {
            return true;
        }
        if (take(call)) {
            refusePassthruResult(call);
        }
        return false;
    }

    /** For a final passthru result (the call already taken): true when it can go to the caller, else ERROR. */
    private static boolean passthruDeliverable(PendingCall call, dev.junction.api.message.Payload payload) {
        if (canReceivePassthru(call, payload)) {
            return true;
        }
        refusePassthruResult(call);
        return false;
    }

    private static boolean canReceivePassthru(PendingCall call, dev.junction.api.message.Payload payload) {
        String remote = call.remoteCallerSerializer();
        if (remote != null) {
            // A caller on another node: its node checks that it announced the feature.
            return PayloadPassthru.carriable(call.callee().serializer().name(), remote, payload);
        }
        return PayloadPassthru.announced(call.caller(), "caller")
                && PayloadPassthru.carriable(call.callee(), call.caller(), payload);
    }

    /**
     * The spec would answer the callee, but WAMP has no ERROR for a YIELD; the caller, whose call cannot be
     * answered, gets the error instead.
     */
    private static void refusePassthruResult(PendingCall call) {
        call.caller().sendError(Call.TYPE, call.callRequest(), ERROR_FEATURE_NOT_SUPPORTED,
                "the callee answered in payload passthru mode, which this caller did not announce or which would"
                        + " need transcoding between serializers");
    }

    void invocationError(WampSession callee, ErrorMessage msg) {
        boolean passthru = PayloadPassthru.requested(msg.details());
        if (passthru) {
            PayloadPassthru.requireAnnounced(callee, "callee", "ERROR");
        }
        PendingCall call = takeInvocationKeepingCaller(callee, msg.request(), "ERROR");
        if (call == null) {
            return;
        }
        try {
            if (passthru && !canReceivePassthru(call, msg.payload())) {
                refusePassthruResult(call);
            } else {
                call.caller().send(new ErrorMessage(Call.TYPE, call.callRequest(), msg.details(), msg.error(),
                        msg.payload()));
            }
        } finally {
            answered(call);
        }
    }

    /**
     * CANCEL from the caller (call canceling). {@code skip}: ERROR to the caller now, the callee's answer is dropped;
     * {@code killnowait}: the same plus INTERRUPT to the callee; {@code kill}: INTERRUPT, and the callee's answer
     * (RESULT or ERROR) ends the call. A callee that did not announce call_canceling always gets {@code skip}.
     */
    void cancel(WampSession caller, Cancel msg) {
        Object mode = msg.options().getOrDefault("mode", MODE_KILLNOWAIT);
        if (!MODE_SKIP.equals(mode) && !MODE_KILL.equals(mode) && !MODE_KILLNOWAIT.equals(mode)) {
            caller.sendError(Cancel.TYPE, msg.request(), WampUris.ERROR_INVALID_ARGUMENT,
                    "CANCEL.Options.mode must be skip, kill or killnowait, was " + mode);
            return;
        }
        PendingCall call = caller.callsAsCaller.get(msg.request());
        if (call == null) {
            // Running on another node: the mode applies there; otherwise already answered, nothing to cancel.
            forwarded.cancel(caller, msg.request(), (String) mode);
            return;
        }
        SessionInfo calleeInfo = call.callee().info();
        boolean interruptible = calleeInfo != null && calleeInfo.calleeCancels();
        if (MODE_KILL.equals(mode) && interruptible) {
            call.callee().send(new Interrupt(call.invocationRequest(), Map.of("mode", MODE_KILL)));
            return;
        }
        if (take(call)) {
            caller.sendError(Call.TYPE, call.callRequest(), WampUris.ERROR_CANCELED, "the call was canceled");
            if (MODE_KILLNOWAIT.equals(mode) && interruptible) {
                call.callee().send(new Interrupt(call.invocationRequest(), Map.of("mode", MODE_KILLNOWAIT)));
            }
        }
    }

    /** Starts (or restarts) the router-enforced timeout of a call that has one. */
    private void armTimeout(PendingCall call) {
        if (call.timeoutMillis() > 0) {
            call.timer(realm.schedule(() -> timedOut(call), call.timeoutMillis()));
        }
    }

    /** Call timeout: ERROR wamp.error.timeout to the caller, INTERRUPT killnowait to a callee that can take it. */
    private void timedOut(PendingCall call) {
        if (take(call)) {
            call.caller().sendError(Call.TYPE, call.callRequest(), WampUris.ERROR_TIMEOUT,
                    "no result within " + call.timeoutMillis() + " ms");
            SessionInfo calleeInfo = call.callee().info();
            if (calleeInfo != null && calleeInfo.calleeCancels()) {
                call.callee().send(new Interrupt(call.invocationRequest(), Map.of("mode", MODE_KILLNOWAIT)));
            }
        }
    }

    /** Removes the call from both indexes; true for the one caller that gets to answer it. */
    private static boolean take(PendingCall call) {
        if (!call.callee().invocationsAsCallee.remove(call.invocationRequest(), call)) {
            return false;
        }
        call.caller().callsAsCaller.remove(call.callRequest(), call);
        call.stopTimer();
        call.ended();
        return true;
    }

    private static void checkIssued(WampSession callee, long request, String what) {
        if (request > callee.lastInvocationId()) {
            throw new ProtocolViolationException(what + " for INVOCATION " + request + " that was never sent");
        }
    }

    /**
     * Takes the call the callee answers (as {@link #take}), but the call stays in the caller's index until
     * {@link #answered}: the caller's shutdown drain waits while that index is not empty, so it cannot say GOODBYE
     * between the callee's answer and the caller's RESULT or ERROR being queued (GOODBYE would overtake it).
     */
    private PendingCall takeInvocationKeepingCaller(WampSession callee, long request, String what) {
        PendingCall call = callee.invocationsAsCallee.get(request);
        if (call == null || !callee.invocationsAsCallee.remove(request, call)) {
            checkIssued(callee, request, what);
            return null; // the caller left or the call was canceled or cut off: a late answer is dropped
        }
        call.stopTimer();
        call.ended();
        return call;
    }

    /** The caller's reply to a call taken by {@link #takeInvocationKeepingCaller} is queued: the call is over. */
    private static void answered(PendingCall call) {
        call.caller().callsAsCaller.remove(call.callRequest(), call);
    }

    /**
     * Ends every call the session takes part in: calls it made are forgotten (a late answer from the callee is
     * dropped), calls made to it are answered with ERROR {@code wamp.error.canceled}.
     */
    void cancelCalls(WampSession session, String message) {
        for (PendingCall call : session.callsAsCaller.values()) {
            if (take(call)) {
                // Caller leaving: a callee that takes INTERRUPT is told to stop (spec, Basic Profile).
                SessionInfo calleeInfo = call.callee().info();
                if (calleeInfo != null && calleeInfo.calleeCancels() && !call.callee().hasLeft()) {
                    call.callee().send(new Interrupt(call.invocationRequest(), Map.of("mode", MODE_KILLNOWAIT)));
                }
            }
        }
        for (PendingCall call : session.invocationsAsCallee.values()) {
            if (take(call)) {
                call.caller().sendError(Call.TYPE, call.callRequest(), WampUris.ERROR_CANCELED, message);
            }
        }
        forwarded.endAll(session, request -> {
        });
    }

    /** Answers the session's own calls in flight with ERROR {@code wamp.error.canceled}, for shutdown. */
    void cancelOwnCalls(WampSession caller, String message) {
        for (PendingCall call : caller.callsAsCaller.values()) {
            if (take(call)) {
                caller.sendError(Call.TYPE, call.callRequest(), WampUris.ERROR_CANCELED, message);
            }
        }
        forwarded.endAll(caller, request -> caller.sendError(Call.TYPE, request, WampUris.ERROR_CANCELED, message));
    }

    /** Removes every registration of a departing session. Called under the realm's write lock. */
    void removeSession(WampSession session) {
        for (Registration reg : session.registrations.values()) {
            detach(session, reg);
        }
        session.registrations.clear();
    }

    PatternTable<Registration> table() {
        return registrations;
    }
}
