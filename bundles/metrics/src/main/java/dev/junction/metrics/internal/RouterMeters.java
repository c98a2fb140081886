package dev.junction.metrics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.junction.api.metrics.AuthenticatorMetrics;
import dev.junction.api.metrics.MetricsSnapshot;
import dev.junction.api.metrics.RealmMetrics;
import dev.junction.api.metrics.SerializerMetrics;
import dev.junction.api.metrics.TransportMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Maps the router's counters ({@link MetricsSnapshot}) onto Micrometer meters. The router counts; this class only
 * reads: every meter is a function meter over the latest snapshot, so the message path never touches Micrometer.
 *
 * <p>Realms, transports, serializers, authentication methods and error URIs come and go, so {@link #refresh} takes a
 * snapshot, registers a meter for every series that is new and removes the meters of series that are gone (a removed
 * realm). Meters read the values of the last refresh; {@link #refresh} is called before each Prometheus scrape and on
 * a timer for JMX.
 */
final class RouterMeters {
    static final String COUNTER = "counter";
    static final String GAUGE = "gauge";

    /** One series: its meter name, kind, tags and help text. */
    record Series(String name, String kind, Tags tags, String help, String baseUnit) {
    }

    private final Supplier<MetricsSnapshot> source;
    private final List<MeterRegistry> registries;
    private final ConcurrentHashMap<Series, Double> values = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Series, List<Meter>> meters = new ConcurrentHashMap<>();
    private volatile MetricsSnapshot latest;

    RouterMeters(Supplier<MetricsSnapshot> source, List<MeterRegistry> registries) {
        this.source = source;
        this.registries = List.copyOf(registries);
    }

    /** The snapshot of the last refresh, or {@code null} before the first. */
    MetricsSnapshot latest() {
        return latest;
    }

    synchronized MetricsSnapshot refresh() {
        MetricsSnapshot snapshot = source.get();
        Map<Series, Double> now = new java.util.HashMap<>();
        for (TransportMetrics t : snapshot.transports()) {
            transport(now, t);
        }
        for (RealmMetrics r : snapshot.realms()) {
            realm(now, r);
        }
        for (SerializerMetrics s : snapshot.serializers()) {
            Tags tags = Tags.of("serializer", s.name());
            put(now, counter("junction.serializer.encoded", tags, "Messages encoded by the serializer"), s.encoded());
            put(now, counter("junction.serializer.encode.failures", tags, "Messages the serializer could not encode"),
                    s.encodeFailures());
            put(now, counter("junction.serializer.decoded", tags, "Messages decoded by the serializer"), s.decoded());
            put(now, counter("junction.serializer.decode.failures", tags,
                    "Inbound messages that did not decode (protocol violations)"), s.decodeFailures());
        }
        for (AuthenticatorMetrics a : snapshot.authenticators()) {
            put(now, counter("junction.auth.successes", Tags.of("method", a.method()),
                    "Sessions that authenticated with the method and joined"), a.successes());
            a.failures().forEach((reason, n) -> put(now, counter("junction.auth.failures",
                    Tags.of("method", a.method(), "reason", reason), "Refused authentications by reason"), n));
        }
        values.putAll(now);
        for (Series s : now.keySet()) {
            meters.computeIfAbsent(s, this::register);
        }
        for (Series s : new ArrayList<>(meters.keySet())) {
            if (!now.containsKey(s)) {
                List<Meter> gone = meters.remove(s);
                for (int i = 0; i < registries.size(); i++) {
                    registries.get(i).remove(gone.get(i));
                }
                values.remove(s);
            }
        }
        latest = snapshot;
        return snapshot;
    }

    private static void transport(Map<Series, Double> now, TransportMetrics t) {
        Tags tags = Tags.of("transport", t.id(), "transport_type", t.type());
        put(now, gauge("junction.transport.connections.open", tags, "Connections open now"), t.connectionsOpen());
        put(now, counter("junction.transport.connections", tags, "Connections opened"), t.connectionsTotal());
        t.handshakesRefused().forEach((reason, n) -> put(now, counter("junction.transport.handshakes.refused",
                tags.and("reason", reason), "Refused handshakes, by HTTP status or transport error"), n));
        put(now, new Series("junction.transport.received", COUNTER, tags, "Bytes of inbound WAMP messages", "bytes"),
                t.bytesIn());
        put(now, new Series("junction.transport.sent", COUNTER, tags, "Bytes of outbound WAMP messages", "bytes"),
                t.bytesOut());
        put(now, counter("junction.transport.messages.received", tags, "Inbound WAMP messages (frames)"),
                t.messagesIn());
        put(now, counter("junction.transport.messages.sent", tags, "Outbound WAMP messages (frames)"),
                t.messagesOut());
    }

    private static void realm(Map<Series, Double> now, RealmMetrics r) {
        Tags tags = Tags.of("realm", r.realm());
        put(now, gauge("junction.sessions", tags, "Sessions joined now"), r.sessions());
        put(now, gauge("junction.subscriptions", tags, "Subscriptions now"), r.subscriptions());
        put(now, gauge("junction.registrations", tags, "Registrations now"), r.registrations());
        put(now, gauge("junction.calls.in.flight", tags, "Calls routed to a callee and not yet answered"),
                r.callsInFlight());
        r.messagesIn().forEach((type, n) -> put(now, counter("junction.messages.received",
                tags.and("message_type", type), "Messages received from joined sessions, by WAMP type"), n));
        r.messagesOut().forEach((type, n) -> put(now, counter("junction.messages.sent",
                tags.and("message_type", type), "Messages sent to joined sessions, by WAMP type"), n));
        r.errors().forEach((uri, n) -> put(now, counter("junction.errors", tags.and("uri", uri),
                "ERROR messages sent, by URI (application errors as one label)"), n));
        put(now, counter("junction.events.delivered", tags, "EVENTs queued to subscribers"), r.eventsDelivered());
        put(now, counter("junction.events.dropped", tags,
                "EVENTs dropped because the subscriber's outbound queue was full"), r.eventsDropped());
    }

    private static Series counter(String name, Tags tags, String help) {
        return new Series(name, COUNTER, tags, help, null);
    }

    private static Series gauge(String name, Tags tags, String help) {
        return new Series(name, GAUGE, tags, help, null);
    }

    private static void put(Map<Series, Double> now, Series series, long value) {
        now.put(series, (double) value);
    }

    private List<Meter> register(Series s) {
        List<Meter> out = new ArrayList<>();
        for (MeterRegistry registry : registries) {
            if (COUNTER.equals(s.kind())) {
                out.add(FunctionCounter.builder(s.name(), values, v -> v.getOrDefault(s, 0.0)).tags(s.tags())
                        .description(s.help()).baseUnit(s.baseUnit()).register(registry));
            } else {
                out.add(Gauge.builder(s.name(), values, v -> v.getOrDefault(s, 0.0)).tags(s.tags())
                        .description(s.help()).baseUnit(s.baseUnit()).register(registry));
            }
        }
        return out;
    }
}
