package dev.junction.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.junction.api.metrics.AuthenticatorMetrics;
import dev.junction.api.metrics.LatencyHistogram;
import dev.junction.api.metrics.MetricsSnapshot;
import dev.junction.api.metrics.RealmMetrics;
import dev.junction.api.metrics.SerializerMetrics;
import dev.junction.api.metrics.TransportMetrics;

/**
 * The router's counters as Micrometer maps them: Prometheus names and labels in the scrape, ObjectNames and values
 * through the platform MBean server, and series that follow realms as they come and go.
 */
class MetersTest {
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private final AtomicReference<MetricsSnapshot> router = new AtomicReference<>(snapshot(realm("realm1", 7)));
    private final Meters meters = new Meters(router::get);

    @AfterEach
    void close() {
        meters.close();
    }

    private static RealmMetrics realm(String name, long calls) {
        LatencyHistogram latency = new LatencyHistogram(List.of(0.001, 0.01), List.of(calls - 2, calls - 1), calls,
                0.5);
        return new RealmMetrics(name, 2, 1, 3, Map.of("CALL", calls, "HELLO", 0L), Map.of("RESULT", calls - 1),
                Map.of("wamp.error.no_such_procedure", 1L, "application", 4L), 1, latency, 5, 6);
    }

    private static MetricsSnapshot snapshot(RealmMetrics... realms) {
        return new MetricsSnapshot(
                List.of(new TransportMetrics("default", "websocket", 2, 9, Map.of("503", 1L), 1000, 2000, 10, 20)),
                List.of(realms), List.of(new SerializerMetrics("json", 20, 0, 10, 1)),
                List.of(new AuthenticatorMetrics("ticket", 3, Map.of("wamp.error.not_authorized", 2L))));
    }

    @Test
    void prometheusTextHasTheRouterSeriesWithConventionalNamesAndLabels() {
        String text = meters.scrape();
        assertThat(text)
                .contains("junction_messages_received_total{message_type=\"CALL\",realm=\"realm1\"} 7.0")
                .contains("junction_messages_sent_total{message_type=\"RESULT\",realm=\"realm1\"} 6.0")
                .contains("junction_errors_total{realm=\"realm1\",uri=\"application\"} 4.0")
                .contains("junction_sessions{realm=\"realm1\"} 2.0")
                .contains("junction_calls_in_flight{realm=\"realm1\"} 1.0")
                .contains("junction_events_dropped_total{realm=\"realm1\"} 6.0")
                .contains("junction_transport_received_bytes_total{transport=\"default\",transport_type=\"websocket\"} 1000.0")
                .contains("junction_transport_handshakes_refused_total{reason=\"503\",transport=\"default\",transport_type=\"websocket\"} 1.0")
                .contains("junction_transport_connections_open{transport=\"default\",transport_type=\"websocket\"} 2.0")
                .contains("junction_serializer_decode_failures_total{serializer=\"json\"} 1.0")
                .contains("junction_auth_failures_total{method=\"ticket\",reason=\"wamp.error.not_authorized\"} 2.0")
                .contains("junction_call_duration_seconds_bucket{realm=\"realm1\",le=\"0.001\"} 5")
                .contains("junction_call_duration_seconds_bucket{realm=\"realm1\",le=\"+Inf\"} 7")
                .contains("junction_call_duration_seconds_count{realm=\"realm1\"} 7")
                .contains("jvm_memory_used_bytes")
                .contains("jvm_threads_live_threads");
        // control for the label bound: a zero count is still a series, absent types are none
        assertThat(text).contains("message_type=\"HELLO\"").doesNotContain("message_type=\"PUBLISH\"");
    }

    @Test
    void jmxHasStableObjectNamesWithTheValues() throws Exception {
        ObjectName calls = new ObjectName(
                "dev.junction.metrics:name=junction.messages.received,message_type=CALL,realm=realm1");
        ObjectName sessions = new ObjectName("dev.junction.metrics:name=junction.sessions,realm=realm1");
        assertThat(mbeans.getAttribute(calls, "Count")).isEqualTo(7L);
        assertThat(mbeans.getAttribute(sessions, "Value")).isEqualTo(2.0);
        assertThat(mbeans.queryNames(new ObjectName("dev.junction.metrics:name=jvm.memory.used,*"), null)).isNotEmpty();

        router.set(snapshot(realm("realm1", 8), realm("realm2", 3)));
        meters.refresh();
        assertThat(mbeans.getAttribute(calls, "Count")).isEqualTo(8L);
        ObjectName realm2 = new ObjectName(
                "dev.junction.metrics:name=junction.messages.received,message_type=CALL,realm=realm2");
        assertThat(mbeans.isRegistered(realm2)).isTrue();

        router.set(snapshot(realm("realm1", 8)));
        meters.refresh();
        assertThat(mbeans.isRegistered(realm2)).as("a removed realm's series go").isFalse();
        assertThat(mbeans.isRegistered(calls)).isTrue();
    }

    @Test
    void closingUnregistersTheMBeans() throws Exception {
        ObjectName sessions = new ObjectName("dev.junction.metrics:name=junction.sessions,realm=realm1");
        assertThat(mbeans.isRegistered(sessions)).isTrue();
        meters.close();
        assertThat(mbeans.isRegistered(sessions)).isFalse();
    }
}
