package dev.junction.router.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.junction.api.MatchPolicy;
import dev.junction.api.ProtocolViolationException;
import dev.junction.api.WampUris;
import dev.junction.api.message.Call;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Unregister;
import dev.junction.api.message.Unregistered;
import dev.junction.api.message.Yield;

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
    private final Realm realm;
    private final ConcurrentHashMap<String, Registration> byProcedure = new ConcurrentHashMap<>();

    Dealer(Realm realm) {
        this.realm = realm;
    }

    void register(WampSession session, Register msg) {
        MatchPolicy match = MatchPolicy.fromOption(msg.options().get("match"));
        if (match != MatchPolicy.EXACT) {
            session.sendError(Register.TYPE, msg.request(), WampUris.ERROR_INVALID_ARGUMENT,
                    "match policy " + msg.options().get("match") + " is not supported");
            return;
        }
        Object invoke = msg.options().get("invoke");
        if (invoke != null && !"single".equals(invoke)) {
            session.sendError(Register.TYPE, msg.request(), WampUris.ERROR_INVALID_ARGUMENT,
                    "invocation policy " + invoke + " is not supported");
            return;
        }
        String procedure = msg.procedure();
        if (!realm.uriCheck().isValid(procedure) || procedure.startsWith("wamp.")) {
            session.sendError(Register.TYPE, msg.request(), WampUris.ERROR_INVALID_URI,
                    "invalid procedure URI '" + procedure + "'");
            return;
        }
        realm.routingLock.writeLock().lock();
        try {
            if (byProcedure.containsKey(procedure)) {
                session.sendError(Register.TYPE, msg.request(), WampUris.ERROR_PROCEDURE_ALREADY_EXISTS,
                        "procedure '" + procedure + "' is already registered");
                return;
            }
            Registration reg = new Registration(realm.nextRouterScopeId(), procedure, MatchPolicy.EXACT, session);
            byProcedure.put(procedure, reg);
            session.registrations.put(reg.id, reg);
            session.send(new Registered(msg.request(), reg.id));
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
            byProcedure.remove(reg.procedure, reg);
            session.send(new Unregistered(msg.request(), null));
        } finally {
            realm.routingLock.writeLock().unlock();
        }
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
        realm.routingLock.readLock().lock();
        try {
            route(caller, msg);
        } finally {
            realm.routingLock.readLock().unlock();
        }
    }

    /** Picks the callee and queues the INVOCATION. Runs under the read lock, so it sees whole table changes only. */
    private void route(WampSession caller, Call msg) {
        String procedure = msg.procedure();
        Registration reg = byProcedure.get(procedure);
        if (reg == null) {
            caller.sendError(Call.TYPE, msg.request(), WampUris.ERROR_NO_SUCH_PROCEDURE,
                    "no callee registered for procedure '" + procedure + "'");
            return;
        }
        WampSession callee = reg.callee;
        PendingCall call = new PendingCall(caller, msg.request(), callee, callee.nextInvocationId(), reg);
        if (caller.callsAsCaller.putIfAbsent(msg.request(), call) != null) {
            throw new ProtocolViolationException("CALL request " + msg.request() + " is already in flight");
        }
        callee.invocationsAsCallee.put(call.invocationRequest(), call);
        Map<String, Object> details = Boolean.TRUE.equals(msg.options().get("disclose_me"))
                ? caller.disclosure("caller") : Map.of();
        boolean sent = callee.send(new Invocation(call.invocationRequest(), reg.id, details, msg.payload()));
        // The callee may have left (or its serializer refused the payload) while we routed: whoever removes the
        // call from the callee's index answers the caller.
        if ((!sent || callee.hasLeft()) && callee.invocationsAsCallee.remove(call.invocationRequest(), call)) {
            caller.callsAsCaller.remove(msg.request(), call);
            caller.sendError(Call.TYPE, msg.request(), sent ? WampUris.ERROR_CANCELED : WampUris.ERROR_INVALID_ARGUMENT,
                    sent ? "the callee left" : "the callee's serializer cannot carry the arguments");
        }
    }

    void yield(WampSession callee, Yield msg) {
        PendingCall call = takeInvocation(callee, msg.request(), "YIELD");
        if (call != null) {
            call.caller().send(new Result(call.callRequest(), Map.of(), msg.payload()));
        }
    }

    void invocationError(WampSession callee, ErrorMessage msg) {
        PendingCall call = takeInvocation(callee, msg.request(), "ERROR");
        if (call != null) {
            call.caller().send(new ErrorMessage(Call.TYPE, call.callRequest(), msg.details(), msg.error(),
                    msg.payload()));
        }
    }

    private PendingCall takeInvocation(WampSession callee, long request, String what) {
        PendingCall call = callee.invocationsAsCallee.remove(request);
        if (call == null) {
            if (request > callee.lastInvocationId()) {
                throw new ProtocolViolationException(what + " for INVOCATION " + request + " that was never sent");
            }
            return null; // the caller left or the call was cut off: a late answer is dropped
        }
        call.caller().callsAsCaller.remove(call.callRequest(), call);
        return call;
    }

    /**
     * Ends every call the session takes part in: calls it made are forgotten (a late answer from the callee is
     * dropped), calls made to it are answered with ERROR {@code wamp.error.canceled}.
     */
    void cancelCalls(WampSession session, String message) {
        for (PendingCall call : session.callsAsCaller.values()) {
            if (session.callsAsCaller.remove(call.callRequest(), call)) {
                call.callee().invocationsAsCallee.remove(call.invocationRequest(), call);
            }
        }
        for (PendingCall call : session.invocationsAsCallee.values()) {
            if (session.invocationsAsCallee.remove(call.invocationRequest(), call)) {
                call.caller().callsAsCaller.remove(call.callRequest(), call);
                call.caller().sendError(Call.TYPE, call.callRequest(), WampUris.ERROR_CANCELED, message);
            }
        }
    }

    /** Answers the session's own calls in flight with ERROR {@code wamp.error.canceled}, for shutdown. */
    void cancelOwnCalls(WampSession caller, String message) {
        for (PendingCall call : caller.callsAsCaller.values()) {
            if (call.callee().invocationsAsCallee.remove(call.invocationRequest(), call)) {
                caller.callsAsCaller.remove(call.callRequest(), call);
                caller.sendError(Call.TYPE, call.callRequest(), WampUris.ERROR_CANCELED, message);
            }
        }
    }

    /** Removes every registration of a departing session. Called under the realm's write lock. */
    void removeSession(WampSession session) {
        for (Registration reg : session.registrations.values()) {
            byProcedure.remove(reg.procedure, reg);
        }
        session.registrations.clear();
    }

    int registrationCount() {
        return byProcedure.size();
    }
}
