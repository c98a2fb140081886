package dev.junction.router.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.junction.api.MatchPolicy;
import dev.junction.api.WampIds;
import dev.junction.api.WampUris;
import dev.junction.spi.call.CallFailedException;
import dev.junction.spi.call.CallResult;
import dev.junction.spi.cluster.ClusterRouting;
import dev.junction.spi.cluster.LocalRouting;
import dev.junction.api.message.Payload;
import dev.junction.spi.cluster.RemoteAnswer;
import dev.junction.spi.cluster.RemoteCall;
import dev.junction.spi.cluster.RemoteCallHandle;
import dev.junction.spi.cluster.RemotePublication;

/**
 * The router's end of the cluster seam: the {@link ClusterRouting} in use, if any, and the {@link LocalRouting} the
 * cluster delivers other nodes' events through. Without a cluster every check here is one volatile read that finds
 * {@code null}, and the router routes as a single node.
 */
final class ClusterLink implements LocalRouting {
    /** The bound on a call from another node without its own {@code timeout}: nothing waits forever. */
    static final long DEFAULT_SERVE_TIMEOUT_MS = 300_000;
    private final Router router;
    private volatile ClusterRouting routing;

    ClusterLink(Router router) {
        this.router = router;
    }

    /** The cluster in use, or {@code null} on a single node. */
    ClusterRouting routing() {
        return routing;
    }

    /**
     * Starts using {@code cluster}: from now on subscriptions are reported as they change, and the ones that exist
     * (and registrations) are reported once (under each realm's write lock, so none is missed or reported after its removal).
     */
    void attach(ClusterRouting cluster) {
        routing = cluster;
        cluster.attach(this);
        for (Realm realm : router.realms()) {
            realm.routingLock.writeLock().lock();
            try {
                for (MatchPolicy match : MatchPolicy.values()) {
                    for (Subscription sub : realm.broker().table().values(match)) {
                        cluster.subscriptionAdded(realm.name(), match, sub.topic);
                        cluster.metaChanged(realm.name(), RemoteMeta.SUBSCRIPTION, sub.id, RemoteMeta.summary(sub));
                    }
                    for (Registration reg : realm.dealer().table().values(match)) {
                        cluster.registrationAdded(realm.name(), match, reg.procedure, reg.invoke);
                        cluster.calleesChanged(realm.name(), reg.share());
                        cluster.metaChanged(realm.name(), RemoteMeta.REGISTRATION, reg.id, RemoteMeta.summary(reg));
                        for (int i = 0; i < reg.callees.size(); i++) {
                            // Registered before the cluster came: claimed now, whatever another node holds.
                            cluster.claimRegistration(realm.name(), match, reg.procedure, reg.invoke, conflict -> {
                            });
                        }
                    }
                }
                for (WampSession session : realm.sessions()) {
                    if (session.info() != null && !session.hasLeft()) {
                        cluster.sessionJoined(realm.name(), session.info().id(), MetaApi.describe(session));
                    }
                }
            } finally {
                realm.routingLock.writeLock().unlock();
            }
        }
    }

    /** Stops using {@code cluster} (a greedy rebind may already have replaced it). */
    void detach(ClusterRouting cluster) {
        if (routing == cluster) {
            routing = null;
        }
        cluster.detach(this);
    }

    /** A new session id: the cluster's (unique across its nodes) or a random one. */
    long newSessionId() {
        ClusterRouting c = routing;
        return c != null ? c.newSessionId() : WampIds.randomId();
    }

    @Override
    public int deliver(RemotePublication publication) {
        Realm realm = router.realm(publication.realm());
        return realm == null ? 0 : realm.broker().deliverRemote(publication);
    }

    @Override
    public void keepRetained(RemotePublication publication) {
        Realm realm = router.realm(publication.realm());
        if (realm != null) {
            realm.broker().keepRetained(publication);
        }
    }

    @Override
    public void sessionJoinedElsewhere(String realmName, java.util.Map<String, Object> details) {
        Realm realm = router.realm(realmName);
        if (realm != null) {
            realm.meta().sessionJoinedElsewhere(details);
        }
    }

    @Override
    public void sessionLeftElsewhere(String realmName, long session, String authid, String authrole) {
        Realm realm = router.realm(realmName);
        if (realm != null) {
            realm.meta().sessionLeftElsewhere(session, authid, authrole);
        }
    }

    @Override
    public boolean kill(String realmName, long session, String reason, String message) {
        Realm realm = router.realm(realmName);
        if (realm == null) {
            return false;
        }
        for (WampSession s : realm.sessions()) {
            if (s.info() != null && s.info().id() == session && !s.hasLeft()) {
                s.kill(reason, message);
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean remove(String realmName, String kind, long id, long session, String reason) {
        Realm realm = router.realm(realmName);
        return realm != null && RemoteMeta.removeHere(realm, kind, id, session, reason);
    }

    @Override
    public CompletionStage<CallResult> invoke(RemoteCall call, long timeoutMillis) {
        Realm realm = router.realm(call.realm());
        if (realm == null || !realm.dealer().servesLocally(call.procedure())) {
            // Never forward a forwarded call again: the caller's node had a stale view of the registrations.
            return CompletableFuture.failedFuture(new CallFailedException(WampUris.ERROR_NO_SUCH_PROCEDURE,
                    List.of("no callee registered for procedure '" + call.procedure() + "' on this node"), null));
        }
        return router.internalCaller().call(call.realm(), call.procedure(), call.payload().args(),
                call.payload().kwargs(), timeoutMillis);
    }

    @Override
    public RemoteCallHandle serve(RemoteCall call, int callee, RemoteAnswer answer) {
        Realm realm = router.realm(call.realm());
        if (realm == null || !realm.dealer().servesLocally(call.procedure())
                || !(router.internalCaller() instanceof InternalCalls internal)) {
            // Never forward a forwarded call again: the caller's node had a stale view of the registrations.
            answer.error(WampUris.ERROR_NO_SUCH_PROCEDURE,
                    Payload.of(List.of("no callee registered for procedure '" + call.procedure() + "' on this node"),
                            null));
            return RemoteCallHandle.NONE;
        }
        long timeout = call.timeoutMillis() > 0 ? call.timeoutMillis() : DEFAULT_SERVE_TIMEOUT_MS;
        return internal.serve(call, OnBehalfOf.of(call, callee), timeout, answer);
    }
}
