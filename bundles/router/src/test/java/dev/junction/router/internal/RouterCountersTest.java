package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.api.WampUris;
import dev.junction.api.message.Call;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Event;
import dev.junction.api.message.Goodbye;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Yield;
import dev.junction.api.metrics.MetricsSnapshot;
import dev.junction.api.metrics.RealmMetrics;
import dev.junction.api.metrics.TransportMetrics;
import dev.junction.spi.transport.HandshakeRequest;

/** The router's counters after a scripted exchange: exact counts for the messages sent. */
class RouterCountersTest extends RouterTestSupport {

    private RealmMetrics realm1() {
        return router.metricsSnapshot().realms().stream().filter(r -> r.realm().equals("realm1")).findFirst()
                .orElseThrow();
    }

    @Test
    void countsMessagesByTypeCallsAndEvents() {
        TestClient callee = joined();
        TestClient caller = joined();
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.example.add"));
        long registration = callee.expect(Registered.class).registration();
        caller.deliver(new Subscribe(caller.nextRequest(), Map.of(), "com.example.topic"));
        caller.expect(Subscribed.class);

        for (int i = 0; i < 3; i++) {
            caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.add", Payload.of(i)));
            Invocation inv = callee.expect(Invocation.class);
            assertThat(inv.registration()).isEqualTo(registration);
            callee.deliver(new Yield(inv.request(), Map.of(), Payload.of(i)));
            caller.expect(Result.class);
        }
        RealmMetrics during = realm1();
        assertThat(during.callsInFlight()).isZero();
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.add", Payload.of(9)));
        callee.expect(Invocation.class);
        assertThat(realm1().callsInFlight()).isEqualTo(1);

        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.missing", Payload.EMPTY));
        assertThat(caller.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_NO_SUCH_PROCEDURE);
        callee.deliver(new Publish(callee.nextRequest(), Map.of(), "com.example.topic", Payload.of(1)));
        callee.deliver(new Publish(callee.nextRequest(), Map.of(), "com.example.topic", Payload.of(2)));
        caller.expect(Event.class);
        caller.expect(Event.class);

        RealmMetrics r = realm1();
        assertThat(r.sessions()).isEqualTo(2);
        assertThat(r.subscriptions()).isEqualTo(1);
        assertThat(r.registrations()).isEqualTo(1);
        assertThat(r.messagesIn()).containsEntry("CALL", 5L).containsEntry("YIELD", 3L)
                .containsEntry("REGISTER", 1L).containsEntry("SUBSCRIBE", 1L).containsEntry("PUBLISH", 2L)
                .doesNotContainKey("HELLO");
        assertThat(r.messagesOut()).containsEntry("INVOCATION", 4L).containsEntry("RESULT", 3L)
                .containsEntry("EVENT", 2L).containsEntry("ERROR", 1L).containsEntry("REGISTERED", 1L)
                .containsEntry("SUBSCRIBED", 1L).containsEntry("WELCOME", 2L);
        assertThat(r.errors()).isEqualTo(Map.of(WampUris.ERROR_NO_SUCH_PROCEDURE, 1L));
        assertThat(r.callsInFlight()).isEqualTo(1);
        assertThat(r.callLatency().count()).isEqualTo(3);
        assertThat(r.callLatency().cumulativeCounts()).isSorted();
        assertThat(r.eventsDelivered()).isEqualTo(2);
        assertThat(r.eventsDropped()).isZero();

        TransportMetrics t = router.metricsSnapshot().transports().get(0);
        assertThat(t.id()).isEqualTo("test");
        assertThat(t.connectionsOpen()).isEqualTo(2);
        assertThat(t.connectionsTotal()).isEqualTo(2);
        // per connection: HELLO + the messages above; out: WELCOME + the messages above
        assertThat(t.messagesIn()).isEqualTo(2 + 5 + 3 + 1 + 1 + 2);
        assertThat(t.messagesOut()).isEqualTo(2 + 4 + 3 + 2 + 1 + 1 + 1);
        assertThat(t.bytesIn()).isPositive();

        MetricsSnapshot s = router.metricsSnapshot();
        assertThat(s.serializers()).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("json");
            assertThat(m.decoded()).isEqualTo(t.messagesIn());
            // the EVENT is encoded once for its one subscriber
            assertThat(m.encoded()).isEqualTo(t.messagesOut());
            assertThat(m.decodeFailures()).isZero();
        });
        assertThat(s.authenticators()).singleElement().satisfies(a -> {
            assertThat(a.method()).isEqualTo("anonymous");
            assertThat(a.successes()).isEqualTo(2);
            assertThat(a.failures()).isEmpty();
        });
    }

    @Test
    void applicationErrorsAreOneLabelAndClosedConnectionsLeaveTheOpenGauge() {
        TestClient callee = joined();
        TestClient caller = joined();
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.example.fail"));
        callee.expect(Registered.class);
        for (String uri : List.of("com.example.error.one", "wamp.error.made_up_by_a_client")) {
            caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.fail", Payload.EMPTY));
            Invocation inv = callee.expect(Invocation.class);
            callee.deliver(new ErrorMessage(Invocation.TYPE, inv.request(), Map.of(), uri, Payload.EMPTY));
            assertThat(caller.expect(ErrorMessage.class).error()).isEqualTo(uri);
        }
        assertThat(realm1().errors()).isEqualTo(Map.of(ErrorLabels.APPLICATION, 2L));

        caller.deliver(new Goodbye(Map.of(), WampUris.CLOSE_NORMAL));
        caller.expect(Goodbye.class);
        caller.handle.onClose(1000, "bye");
        TransportMetrics t = router.metricsSnapshot().transports().get(0);
        assertThat(t.connectionsOpen()).isEqualTo(1);
        assertThat(t.connectionsTotal()).isEqualTo(2);
        assertThat(realm1().sessions()).isEqualTo(1);
    }

    @Test
    void undecodableInputAndRefusedHandshakesAndFailedLoginsAreCounted() {
        TestClient client = new TestClient(router, json);
        client.handle.onMessage(new byte[] { 1, 2, 3 });
        TestClient ticketOnly = new TestClient(router, json, Map.of("ticket.type", "static"));
        ticketOnly.deliver(new dev.junction.api.message.Hello("realm1", Map.of("authmethods", List.of("anonymous"), "roles", Map.of("caller", Map.of()))));
        assertThat(ticketOnly.expect(dev.junction.api.message.Abort.class).reason())
                .isEqualTo(WampUris.ERROR_NO_MATCHING_AUTH_METHOD);

        router.handshakeRefused("test", "websocket", "400");
        router.handshakeRefused("test", "websocket", "400");
        router.shutdown();
        HandshakeRequest late = new HandshakeRequest("late", "rawsocket", "tcp4:127.0.0.1:2", false, null, Map.of(),
                List.of(), json, Map.of());
        assertThat(router.handshake(late).accepted()).isFalse();

        MetricsSnapshot s = router.metricsSnapshot();
        assertThat(s.serializers().get(0).decodeFailures()).isEqualTo(1);
        assertThat(s.transports()).filteredOn(t -> t.id().equals("late")).singleElement()
                .satisfies(t -> assertThat(t.handshakesRefused()).isEqualTo(Map.of("503", 1L)));
        assertThat(s.transports()).filteredOn(t -> t.id().equals("test")).singleElement()
                .satisfies(t -> assertThat(t.handshakesRefused()).isEqualTo(Map.of("400", 2L)));
        assertThat(s.authenticators()).singleElement().satisfies(a -> {
            assertThat(a.method()).isEqualTo("none");
            assertThat(a.failures()).isEqualTo(Map.of(WampUris.ERROR_NO_MATCHING_AUTH_METHOD, 1L));
        });
    }
}
