package dev.junction.router.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.WampUris;
import dev.junction.spi.auth.Authenticator;
import dev.junction.spi.call.InternalCaller;
import dev.junction.spi.transport.Connection;
import dev.junction.spi.transport.Handshake;
import dev.junction.spi.transport.HandshakeRequest;
import dev.junction.spi.transport.SessionHandle;
import dev.junction.spi.transport.WampRouter;

/**
 * The router: realms, the sessions of every connection, the authenticators available right now, and shutdown. It
 * knows nothing of OSGi; {@link RouterComponent} feeds it.
 */
final class Router implements WampRouter, RealmRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final ConcurrentHashMap<String, Realm> realms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> realmNameByPid = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, WampSession> sessionIds = new ConcurrentHashMap<>();
    private final Set<WampSession> connections = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, CopyOnWriteArrayList<Authenticator>> authenticators =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConfiguredRole> rolesByPid = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final RouterCounters counters = new RouterCounters();
    private volatile RouterSettings settings;
    private volatile boolean shuttingDown;
    private volatile InternalCaller internalCaller;
    private final ClusterLink cluster = new ClusterLink(this);

    Router(RouterSettings settings) {
        this.settings = settings;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("junction-router-timer");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
    }

    // ---- WampRouter ----

    @Override
    public Handshake handshake(HandshakeRequest request) {
        Handshake answer = shuttingDown ? RefusedHandshake.of(503, "the router is shutting down")
                : new AcceptedHandshake(request);
        if (!answer.accepted()) {
            counters.transport(request.transportId(), request.transportType())
                    .refused(String.valueOf(answer.refusalStatus()));
        }
        return answer;
    }

    @Override
    public void handshakeRefused(String transportId, String transportType, String reason) {
        counters.transport(transportId, transportType).refused(reason);
    }

    RouterCounters counters() {
        return counters;
    }

    /** The cluster seam: the cluster routing in use, if any. */
    ClusterLink cluster() {
        return cluster;
    }

    dev.junction.api.metrics.MetricsSnapshot metricsSnapshot() {
        return counters.snapshot(realms.values());
    }

    private final class AcceptedHandshake implements Handshake {
        private final HandshakeRequest request;

        AcceptedHandshake(HandshakeRequest request) {
            this.request = request;
        }

        @Override
        public boolean accepted() {
            return true;
        }

        @Override
        public int refusalStatus() {
            return 0;
        }

        @Override
        public String refusalReason() {
            return null;
        }

        @Override
        public Map<String, String> responseHeaders() {
            return Map.of();
        }

        @Override
        public SessionHandle open(Connection connection) {
            WampSession session = new WampSession(Router.this, request, connection);
            if (connection.debug()) {
                session.trace(new SessionTrace(false)); // the transport's debug option
            }
            connections.add(session);
            if (shuttingDown) {
                // Raced with shutdown: the connection would never be told to close otherwise.
                session.shutdown(WampUris.CLOSE_SYSTEM_SHUTDOWN);
            }
            return session;
        }

        @Override
        public void abandon() {
            // Nothing was allocated for the connection before open().
        }
    }

    // ---- realms ----

    Realm realm(String name) {
        return realms.get(name);
    }

    /** Every realm right now (the admin view lists them). */
    java.util.Collection<Realm> realms() {
        return realms.values();
    }

    @Override
    public synchronized String putRealm(String pid, RealmSettings realmSettings) {
        String name = realmSettings.name();
        String previousName = realmNameByPid.get(pid);
        for (Map.Entry<String, String> e : realmNameByPid.entrySet()) {
            if (e.getValue().equals(name) && !e.getKey().equals(pid)) {
                return "realm '" + name + "' is already configured by " + e.getKey();
            }
        }
        if (previousName != null && !previousName.equals(name)) {
            removeRealm(pid);
        }
        realmNameByPid.put(pid, name);
        Realm existing = realms.get(name);
        if (existing != null) {
            existing.update(realmSettings);
            LOG.info("Realm {} updated: uri_check {}", name, realmSettings.uriCheck());
        } else {
            Realm realm = new Realm(realmSettings, this);
            realm.setRoles(rolesOf(name));
            realms.put(name, realm);
            LOG.info("Realm {} is open", name);
        }
        return null;
    }

    @Override
    public synchronized void removeRealm(String pid) {
        String name = realmNameByPid.remove(pid);
        Realm realm = name == null ? null : realms.remove(name);
        if (realm == null) {
            return;
        }
        List<WampSession> sessions = new ArrayList<>(realm.close());
        LOG.info("Realm {} removed; closing its {} session(s)", name, sessions.size());
        for (WampSession s : sessions) {
            s.shutdown(WampUris.CLOSE_CLOSE_REALM, 0, false);
        }
    }

    // ---- roles ----

    /** Set once by the OSGi component that owns the caller (it needs the router to exist first). */
    void internalCaller(InternalCaller caller) {
        this.internalCaller = caller;
    }

    @Override
    public InternalCaller internalCaller() {
        return internalCaller;
    }

    private record ConfiguredRole(String realm, Role role) {
    }

    @Override
    public synchronized String putRole(String pid, String realm, Role role) {
        for (Map.Entry<String, ConfiguredRole> e : rolesByPid.entrySet()) {
            ConfiguredRole other = e.getValue();
            if (!e.getKey().equals(pid) && other.realm().equals(realm) && other.role().name().equals(role.name())) {
                return "role '" + role.name() + "' of realm '" + realm + "' is already configured by " + e.getKey();
            }
        }
        ConfiguredRole previous = rolesByPid.put(pid, new ConfiguredRole(realm, role));
        if (previous != null && !previous.realm().equals(realm)) {
            refreshRoles(previous.realm());
        }
        refreshRoles(realm);
        LOG.info("Role {} of realm {} {}", role.name(), realm, previous == null ? "added" : "updated");
        return null;
    }

    @Override
    public synchronized void removeRole(String pid) {
        ConfiguredRole removed = rolesByPid.remove(pid);
        if (removed != null) {
            refreshRoles(removed.realm());
            LOG.info("Role {} of realm {} removed", removed.role().name(), removed.realm());
        }
    }

    private void refreshRoles(String realmName) {
        Realm realm = realms.get(realmName);
        if (realm != null) {
            realm.setRoles(rolesOf(realmName));
        }
    }

    private RealmRoles rolesOf(String realmName) {
        Map<String, Role> roles = new HashMap<>();
        for (ConfiguredRole r : rolesByPid.values()) {
            if (r.realm().equals(realmName)) {
                roles.put(r.role().name(), r.role());
            }
        }
        return roles.isEmpty() ? RealmRoles.NONE : new RealmRoles(roles);
    }

    // ---- sessions ----

    /** A fresh random session id, unique among the sessions of this router. */
    long reserveSessionId(WampSession session) {
        while (true) {
            long id = cluster.newSessionId();
            if (sessionIds.putIfAbsent(id, session) == null) {
                return id;
            }
        }
    }

    /** The joined session with this id, or {@code null} (one still authenticating or gone does not count). */
    WampSession joinedSession(long id) {
        WampSession s = sessionIds.get(id);
        return s != null && s.info() != null && s.info().id() == id && !s.hasLeft() ? s : null;
    }

    void releaseSessionId(long id, WampSession session) {
        sessionIds.remove(id, session);
    }

    /** The id of the session joined on a connection (tests), or 0. */
    long sessionIdOf(SessionHandle handle) {
        SessionInfo info = ((WampSession) handle).info();
        return info == null ? 0 : info.id();
    }

    void connectionClosed(WampSession session) {
        connections.remove(session);
    }


    // ---- authenticators ----

    void addAuthenticator(String method, Authenticator authenticator) {
        authenticators.computeIfAbsent(method, m -> new CopyOnWriteArrayList<>()).add(authenticator);
    }

    void removeAuthenticator(String method, Authenticator authenticator) {
        CopyOnWriteArrayList<Authenticator> list = authenticators.get(method);
        if (list != null) {
            list.remove(authenticator);
        }
    }

    /** Whether {@code authenticator} is still registered for {@code method}. */
    boolean hasAuthenticator(String method, Authenticator authenticator) {
        CopyOnWriteArrayList<Authenticator> list = authenticators.get(method);
        return list != null && list.contains(authenticator);
    }

    /** The authenticator registered for {@code method} right now, or {@code null}. */
    Authenticator authenticator(String method) {
        CopyOnWriteArrayList<Authenticator> list = authenticators.get(method);
        if (list == null) {
            return null;
        }
        for (Authenticator a : list) {
            return a;
        }
        return null;
    }

    // ---- timing and shutdown ----

    RouterSettings settings() {
        return settings;
    }

    void updateSettings(RouterSettings newSettings) {
        this.settings = newSettings;
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Runs {@code task} later on the router's timer thread; returns the handle to cancel it. */
    java.util.concurrent.Future<?> schedule(Runnable task, long delayMillis) {
        try {
            return scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            task.run(); // the router is gone; run now rather than leave a session hanging
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    /** Closes every connection but {@code except} that carries tracking cookie {@code cookieId} of {@code transportId}. */
    void closeSharingCookie(WampSession except, String transportId, String cookieId) {
        for (WampSession s : connections) {
            HandshakeRequest r = s.handshakeRequest();
            if (s != except && r.cookie() != null && r.cookie().id().equals(cookieId)
                    && r.transportId().equals(transportId)) {
                s.loggedOutElsewhere();
            }
        }
    }

    /**
     * Refuses new handshakes, HELLOs and CALLs, then winds every session down (see
     * {@link WampSession#shutdown(String)}), waiting at most for the drain and GOODBYE bounds plus a margin.
     */
    void shutdown() {
        shuttingDown = true;
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (WampSession s : connections) {
            pending.add(s.shutdown(WampUris.CLOSE_SYSTEM_SHUTDOWN).toCompletableFuture());
        }
        RouterSettings s = settings;
        long bound = s.callDrainMillis() + s.goodbyeMillis() + 1000;
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(bound, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Shutdown: {} session(s) did not close within {} ms", pending.stream().filter(f -> !f.isDone())
                    .count(), bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("Shutdown failed", e.getCause());
        }
        scheduler.shutdownNow();
        LOG.info("Router stopped");
    }
}
