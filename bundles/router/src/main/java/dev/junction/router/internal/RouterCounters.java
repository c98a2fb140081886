package dev.junction.router.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import dev.junction.api.metrics.AuthenticatorMetrics;
import dev.junction.api.metrics.MetricsSnapshot;
import dev.junction.api.metrics.RealmMetrics;
import dev.junction.api.metrics.SerializerMetrics;
import dev.junction.api.metrics.TransportMetrics;

/**
 * Every counter of the router, keyed by what the router sees at its seams: the transport id of a handshake, the
 * serializer of a connection, the authentication method that ran. A new transport or authenticator bundle is counted
 * without code of its own. Counters are looked up once per connection or authentication, never per message.
 */
final class RouterCounters {
    /**
     * Per-message counting, on unless the JVM runs with {@code -Djunction.router.counting=false}: the benchmark's
     * metrics-cost mode compares the two in one run. A static final constant, so the JIT removes the disabled branch.
     */
    static final boolean COUNTING = !"false".equals(System.getProperty("junction.router.counting"));

    private final ConcurrentHashMap<String, TransportCounters> transports = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SerializerCounters> serializers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AuthCounters> authenticators = new ConcurrentHashMap<>();

    TransportCounters transport(String id, String type) {
        return transports.computeIfAbsent(id, i -> new TransportCounters(i, type));
    }

    SerializerCounters serializer(String name) {
        return serializers.computeIfAbsent(name, SerializerCounters::new);
    }

    AuthCounters authenticator(String method) {
        return authenticators.computeIfAbsent(method, AuthCounters::new);
    }

    MetricsSnapshot snapshot(Iterable<Realm> realms) {
        List<TransportMetrics> t = new ArrayList<>();
        transports.values().forEach(c -> t.add(c.snapshot()));
        t.sort(Comparator.comparing(TransportMetrics::id));
        List<RealmMetrics> r = new ArrayList<>();
        realms.forEach(realm -> r.add(realm.counters().snapshot(realm)));
        r.sort(Comparator.comparing(RealmMetrics::realm));
        List<SerializerMetrics> s = new ArrayList<>();
        serializers.values().forEach(c -> s.add(c.snapshot()));
        s.sort(Comparator.comparing(SerializerMetrics::name));
        List<AuthenticatorMetrics> a = new ArrayList<>();
        authenticators.values().forEach(c -> a.add(c.snapshot()));
        a.sort(Comparator.comparing(AuthenticatorMetrics::method));
        return new MetricsSnapshot(t, r, s, a);
    }
}
