package dev.junction.router.internal;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.junction.api.UriCheck;

/**
 * A routing namespace: its sessions, its broker and its dealer. Sessions of different realms never see each other.
 */
final class Realm {
    /**
     * Changes to membership and to the subscription and registration tables (with their acknowledgements) take the
     * write lock; publish and call take the read lock while they match and queue. Lock order: session, then realm.
     */
    final ReentrantReadWriteLock routingLock = new ReentrantReadWriteLock();

    private final String name;
    private volatile RealmSettings settings;
    private volatile RealmRoles roles = RealmRoles.NONE;
    private volatile boolean closed;
    private final ConcurrentHashMap<Long, WampSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong routerScopeIds = new AtomicLong();
    private final Broker broker = new Broker(this);
    private final Dealer dealer = new Dealer(this);
    private final MetaApi meta = new MetaApi(this);
    private final RealmCounters counters = new RealmCounters();

    private final Router router;

    Realm(RealmSettings settings, Router router) {
        this.name = settings.name();
        this.settings = settings;
        this.router = router;
    }

    /** Runs {@code task} later on the router's timer (call timeouts). */
    java.util.concurrent.Future<?> schedule(Runnable task, long delayMillis) {
        return router.schedule(task, delayMillis);
    }

    String name() {
        return name;
    }

    /** New options apply to new sessions and to every message routed from now on. */
    void update(RealmSettings newSettings) {
        this.settings = newSettings;
    }

    RealmSettings settings() {
        return settings;
    }

    /** A role configuration changed: applies to every message routed from now on. */
    void setRoles(RealmRoles newRoles) {
        this.roles = newRoles;
    }

    RealmRoles roles() {
        return roles;
    }

    /**
     * May {@code session} do {@code action} on {@code uri}, and how is its identity disclosed? For a dynamic role,
     * the answer the session obtained from the authorizer for the message being routed.
     */
    Decision authorize(WampSession session, String uri, Action action) {
        Decision asked = session.authorizerAnswer(action, uri);
        return asked != null ? asked : roles.decide(session.info().authrole(), uri, action);
    }

    /** The cluster routing in use, or {@code null} on a single node. */
    dev.junction.spi.cluster.ClusterRouting cluster() {
        return router.cluster().routing();
    }

    RealmCounters counters() {
        return counters;
    }

    MetaApi meta() {
        return meta;
    }

    UriCheck uriCheck() {
        return settings.uriCheck();
    }

    Broker broker() {
        return broker;
    }

    Dealer dealer() {
        return dealer;
    }

    /**
     * Subscription and registration ids: router scope, sequential per realm on a single node. In a cluster they are
     * drawn like session ids from this node's share of the id space, so that no two nodes hand out the same one and
     * the meta API can answer for every node's by id.
     */
    long nextRouterScopeId() {
        dev.junction.spi.cluster.ClusterRouting cluster = cluster();
        return cluster != null ? cluster.newSessionId() : routerScopeIds.incrementAndGet();
    }

    /** Adds a session that completed its HELLO; false when the realm was closed meanwhile. */
    boolean join(WampSession session, long id) {
        routingLock.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            sessions.put(id, session);
            return true;
        } finally {
            routingLock.writeLock().unlock();
        }
    }

    /** Removes a session and everything it registered or subscribed; ends the calls it takes part in. */
    void leave(WampSession session, long id) {
        routingLock.writeLock().lock();
        try {
            sessions.remove(id, session);
            broker.removeSession(session);
            dealer.removeSession(session);
        } finally {
            routingLock.writeLock().unlock();
        }
        dealer.cancelCalls(session, "the session left");
        meta.sessionLeft(session);
    }

    /** Marks the realm closed: no session joins it any more. Returns the sessions joined at that moment. */
    Collection<WampSession> close() {
        routingLock.writeLock().lock();
        try {
            closed = true;
            return java.util.List.copyOf(sessions.values());
        } finally {
            routingLock.writeLock().unlock();
        }
    }

    Collection<WampSession> sessions() {
        return sessions.values();
    }
}
