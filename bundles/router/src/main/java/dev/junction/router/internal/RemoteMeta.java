package dev.junction.router.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.junction.api.MatchPolicy;
import dev.junction.spi.cluster.ClusterRouting;

/**
 * The subscription and registration meta API's view of the other nodes of a cluster: their subscriptions and
 * registrations of a realm as the cluster last heard of them (summaries with {@code id}, {@code created},
 * {@code uri}, {@code match}, {@code invoke} for registrations, and {@code sessions}); empty on a single node. This
 * node's own are shared through {@link ClusterRouting#metaChanged} as they change.
 */
final class RemoteMeta {
    static final String SUBSCRIPTION = "subscription";
    static final String REGISTRATION = "registration";

    private RemoteMeta() {
    }

    /** Tells the cluster, if any, that {@code sub} changed; the summary is read later, off the routing thread. */
    static void changed(Realm realm, Subscription sub) {
        ClusterRouting cluster = realm.cluster();
        if (cluster != null) {
            cluster.metaChanged(realm.name(), SUBSCRIPTION, sub.id, summary(sub));
        }
    }

    /** Tells the cluster, if any, that {@code reg} changed. */
    static void changed(Realm realm, Registration reg) {
        ClusterRouting cluster = realm.cluster();
        if (cluster != null) {
            cluster.metaChanged(realm.name(), REGISTRATION, reg.id, summary(reg));
        }
    }

    /** The summary of {@code sub} when asked, {@code null} once it has no subscriber (it is then deleted). */
    static Supplier<Map<String, Object>> summary(Subscription sub) {
        return () -> {
            List<Long> sessions = sessionIds(sub.subscribers);
            if (sessions.isEmpty()) {
                return null;
            }
            Map<String, Object> s = new LinkedHashMap<>(MetaApi.describe(sub));
            s.put("sessions", sessions);
            return s;
        };
    }

    static Supplier<Map<String, Object>> summary(Registration reg) {
        return () -> {
            List<Long> sessions = sessionIds(reg.callees);
            if (sessions.isEmpty()) {
                return null;
            }
            Map<String, Object> s = new LinkedHashMap<>(MetaApi.describe(reg));
            s.put("sessions", sessions);
            return s;
        };
    }

    private static List<Long> sessionIds(Iterable<WampSession> sessions) {
        List<Long> ids = new ArrayList<>();
        for (WampSession s : sessions) { // copy-on-write collections: safe to read without the realm's lock
            SessionInfo i = s.info();
            if (i != null) {
                ids.add(i.id());
            }
        }
        return ids;
    }

    /**
     * Another node's meta API asks to remove {@code session} from this node's subscription or registration
     * {@code id}: revoked as {@code remove_subscriber} / {@code remove_callee} do here. False when there is no such
     * subscriber or callee.
     */
    static boolean removeHere(Realm realm, String kind, long id, long session, String reason) {
        for (WampSession s : realm.sessions()) {
            if (s.info() != null && s.info().id() == session && !s.hasLeft()) {
                if (SUBSCRIPTION.equals(kind)) {
                    Subscription sub = s.subscriptions.get(id);
                    return sub != null && realm.broker().revoke(s, sub, reason);
                }
                Registration reg = s.registrations.get(id);
                return REGISTRATION.equals(kind) && reg != null && realm.dealer().revoke(s, reg, reason);
            }
        }
        return false;
    }

    /** The other nodes' entries of {@code kind} in {@code realm}. */
    static List<Map<String, Object>> entries(Realm realm, String kind) {
        ClusterRouting cluster = realm.cluster();
        return cluster == null ? List.of() : List.copyOf(cluster.remoteMeta(realm.name(), kind));
    }

    /** Another node's entry {@code id} of {@code kind}, or {@code null}. */
    static Map<String, Object> get(Realm realm, String kind, long id) {
        for (Map<String, Object> e : entries(realm, kind)) {
            if (id(e) == id) {
                return e;
            }
        }
        return null;
    }

    /** What {@code wamp.*.get} answers for another node's entry: its summary without the sessions. */
    static Map<String, Object> describe(Map<String, Object> entry) {
        Map<String, Object> d = new LinkedHashMap<>(entry);
        d.remove("sessions");
        return d;
    }

    /** The session ids of another node's entry. */
    static List<Long> sessions(Map<String, Object> entry) {
        List<Long> out = new ArrayList<>();
        if (entry.get("sessions") instanceof List<?> l) {
            for (Object o : l) {
                Long id = MetaApi.idValue(o);
                if (id != null) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    static long id(Map<String, Object> entry) {
        Long id = MetaApi.idValue(entry.get("id"));
        return id == null ? 0 : id;
    }

    static MatchPolicy match(Map<String, Object> entry) {
        return MatchPolicy.fromOption(entry.get("match"));
    }

    /** Whether {@code uri} matches the entry's uri under its match policy. */
    static boolean matches(Map<String, Object> entry, String uri) {
        MatchPolicy match = match(entry);
        return match != null && entry.get("uri") instanceof String pattern && matches(match, pattern, uri);
    }

    static boolean matches(MatchPolicy match, String pattern, String uri) {
        return switch (match) {
            case EXACT -> pattern.equals(uri);
            case PREFIX -> uri.startsWith(pattern);
            case WILDCARD -> {
                String[] p = pattern.split("\\.", -1);
                String[] u = uri.split("\\.", -1);
                if (p.length != u.length) {
                    yield false;
                }
                for (int i = 0; i < p.length; i++) {
                    if (!p[i].isEmpty() && !p[i].equals(u[i])) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    /**
     * The precedence of a registration matching a procedure (lower wins): exact first, then the longest prefix, then
     * wildcards, as for the routing of a call.
     */
    static long rank(MatchPolicy match, String pattern) {
        return switch (match) {
            case EXACT -> 0;
            case PREFIX -> 1L + Integer.MAX_VALUE - pattern.length();
            case WILDCARD -> 2L * Integer.MAX_VALUE + 2;
        };
    }
}
