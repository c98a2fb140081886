package dev.junction.router.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.junction.api.UriCheck;
import dev.junction.api.message.Call;
import dev.junction.api.message.Hello;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Register;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Yield;
import dev.junction.api.metrics.MetricsSnapshot;
import dev.junction.serializer.json.internal.JsonSerializerComponent;
import dev.junction.spi.serializer.Serializer;

/**
 * A router that has carried some traffic on a few realms (calls, publications, an application error), so that its
 * metrics snapshot has the series a production router would have. For benchmarks of what reads the counters.
 */
public final class TrafficRouter implements AutoCloseable {
    private final Router router = new Router(new RouterSettings(300, 300));
    private final List<BenchConnection> connections = new ArrayList<>();

    public TrafficRouter(int realms, int callsPerRealm) {
        Serializer json = new JsonSerializerComponent();
        Payload payload = Payload.of(List.of("x"), Map.of());
        for (int r = 1; r <= realms; r++) {
            String realm = "realm" + r;
            router.putRealm("bench~" + r, new RealmSettings(realm, UriCheck.STRICT));
            BenchConnection callee = join(json, realm);
            BenchConnection caller = join(json, realm);
            callee.deliver(new Register(1, Map.of(), "com.example.echo"));
            callee.deliver(new Subscribe(2, Map.of(), "com.example.topic"));
            for (long i = 1; i <= callsPerRealm; i++) {
                caller.deliver(new Call(2 * i - 1, Map.of(), "com.example.echo", payload));
                long invocation = ((Invocation) json.decode(callee.last)).request();
                callee.deliver(new Yield(invocation, Map.of(), payload));
                caller.deliver(new Publish(2 * i, Map.of(), "com.example.topic", payload));
            }
            caller.deliver(new Call(2L * callsPerRealm + 1, Map.of(), "com.example.missing", payload));
        }
    }

    private BenchConnection join(Serializer serializer, String realm) {
        BenchConnection c = new BenchConnection(router, serializer);
        c.deliver(new Hello(realm, Map.of("roles", Map.of("caller", Map.of(), "callee", Map.of(), "publisher",
                Map.of(), "subscriber", Map.of()))));
        connections.add(c);
        return c;
    }

    public MetricsSnapshot snapshot() {
        return router.metricsSnapshot();
    }

    @Override
    public void close() {
        router.shutdown();
    }
}
