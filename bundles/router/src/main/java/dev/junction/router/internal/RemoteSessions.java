package dev.junction.router.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.junction.spi.cluster.ClusterRouting;

/**
 * The session meta API's view of a realm's sessions on the other nodes of a cluster, as the cluster last heard of
 * them (their {@code wamp.session.get} details); empty on a single node.
 */
final class RemoteSessions {
    private RemoteSessions() {
    }

    /** The other nodes' sessions of {@code realm} that {@code filter} accepts. */
    static List<Map<String, Object>> matching(Realm realm, Predicate<Map<String, Object>> filter) {
        ClusterRouting cluster = realm.cluster();
        if (cluster == null) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> details : cluster.remoteSessions(realm.name())) {
            if (filter.test(details)) {
                out.add(details);
            }
        }
        return out;
    }

    /** Another node's session {@code id} of {@code realm}, or {@code null}. */
    static Map<String, Object> get(Realm realm, long id) {
        List<Map<String, Object>> found = matching(realm, d -> id(d) == id);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Asks their nodes to end {@code targets}; returns the ids of those whose node was known. */
    static List<Long> kill(Realm realm, List<Map<String, Object>> targets, String reason, String message) {
        ClusterRouting cluster = realm.cluster();
        List<Long> asked = new ArrayList<>();
        for (Map<String, Object> target : targets) {
            long id = id(target);
            if (cluster != null && cluster.killRemote(realm.name(), id, reason, message)) {
                asked.add(id);
            }
        }
        return asked;
    }

    static long id(Map<String, Object> details) {
        Long id = MetaApi.idValue(details.get("session"));
        return id == null ? 0 : id;
    }
}
