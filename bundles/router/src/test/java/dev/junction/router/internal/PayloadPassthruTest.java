package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.junction.api.message.Abort;
import dev.junction.api.message.Call;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Event;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Published;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Yield;

/** Payload passthru mode: ppt_* options forwarded untouched, never transcoded, the spec's errors. */
@Tag("payload_passthru_mode")
class PayloadPassthruTest extends RouterTestSupport {
    private static final Map<String, Object> PPT = Map.of("ppt_scheme", "x_test", "ppt_serializer", "custom",
            "ppt_cipher", "xsalsa20poly1305", "ppt_keyid", "k1");
    private static final Map<String, Object> ALL_ROLES = Map.of("payload_passthru_mode", true);
    private final TestSerializer other = new TestSerializer("msgpack");

    private TestClient client(TestSerializer serializer, boolean announces) {
        TestClient c = new TestClient(router, serializer);
        Map<String, Object> f = announces ? ALL_ROLES : Map.of();
        c.joinWithFeatures("realm1", Map.of("caller", f, "callee", f, "publisher", f, "subscriber", f));
        return c;
    }

    private static void register(TestClient callee, String procedure) {
        callee.deliver(new Register(callee.nextRequest(), Map.of(), procedure));
        callee.expect(Registered.class);
    }

    @Test
    void callAndResultCarryThePptOptionsAndThePayloadUntouched() {
        TestClient callee = client(json, true);
        TestClient caller = client(json, true);
        register(callee, "com.example.secret");
        Payload opaque = Payload.of(List.of("not even binary: same serializer, copied as it came"), Map.of("k", 1L));
        java.util.Map<String, Object> options = new java.util.LinkedHashMap<>(PPT);
        options.put("disclose_me", true);
        caller.deliver(new Call(caller.nextRequest(), options, "com.example.secret", opaque));
        Invocation inv = callee.expect(Invocation.class);
        assertThat(inv.details()).containsAllEntriesOf(PPT).containsKey("caller");
        assertThat(inv.payload()).isSameAs(opaque);
        Payload answer = Payload.of(List.of(new byte[] { 1, 2 }), null);
        callee.deliver(new Yield(inv.request(), PPT, answer));
        Result result = caller.expect(Result.class);
        assertThat(result.details()).containsExactlyInAnyOrderEntriesOf(PPT);
        assertThat(result.payload()).isSameAs(answer);
    }

    @Test
    void acrossSerializersOnlyASingleBinaryArgumentIsCarried() {
        TestClient callee = client(other, true);
        TestClient caller = client(json, true);
        register(callee, "com.example.secret");
        caller.deliver(new Call(caller.nextRequest(), PPT, "com.example.secret",
                Payload.of(List.of("would need transcoding"), null)));
        assertThat(caller.expect(ErrorMessage.class).error()).isEqualTo("wamp.error.feature_not_supported");
        callee.expectNothing();
        // positive control: the spec's form, one binary argument, crosses serializers byte for byte
        byte[] sealed = { 9, 8, 7 };
        caller.deliver(new Call(caller.nextRequest(), PPT, "com.example.secret", Payload.of(List.of(sealed), null)));
        assertThat((byte[]) callee.expect(Invocation.class).payload().args().get(0)).isEqualTo(sealed);
    }

    @Test
    void aCalleeWithoutTheFeatureGetsNothingAndTheCallerFeatureNotSupported() {
        TestClient callee = client(json, false);
        TestClient caller = client(json, true);
        register(callee, "com.example.plain");
        caller.deliver(new Call(caller.nextRequest(), PPT, "com.example.plain", Payload.of(new byte[] { 1 })));
        assertThat(caller.expect(ErrorMessage.class).error()).isEqualTo("wamp.error.feature_not_supported");
        callee.expectNothing();
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.plain", Payload.EMPTY));
        callee.expect(Invocation.class); // positive control
    }

    @Test
    void aSenderThatDidNotAnnounceTheFeatureIsAborted() {
        TestClient caller = client(json, false);
        caller.deliver(new Call(caller.nextRequest(), PPT, "com.example.any", Payload.of(new byte[] { 1 })));
        assertThat(caller.expect(Abort.class).reason()).isEqualTo("wamp.error.protocol_violation");
        TestClient publisher = client(json, false);
        publisher.deliver(new Publish(publisher.nextRequest(), PPT, "com.example.t", Payload.of(new byte[] { 1 })));
        assertThat(publisher.expect(Abort.class).reason()).isEqualTo("wamp.error.protocol_violation");
    }

    @Test
    void eventsCarryThePptOptionsAndSkipSubscribersThatWouldNeedTranscoding() {
        TestClient sameSerializer = client(json, true);
        TestClient otherSerializer = client(other, true);
        TestClient publisher = client(json, true);
        for (TestClient s : List.of(sameSerializer, otherSerializer)) {
            s.deliver(new Subscribe(s.nextRequest(), Map.of(), "com.example.t"));
            s.expect(Subscribed.class);
        }
        Map<String, Object> options = new java.util.LinkedHashMap<>(PPT);
        options.put("acknowledge", true);
        publisher.deliver(new Publish(publisher.nextRequest(), options, "com.example.t",
                Payload.of(List.of("structured"), null)));
        publisher.expect(Published.class);
        assertThat(sameSerializer.expect(Event.class).details()).containsExactlyInAnyOrderEntriesOf(PPT);
        otherSerializer.expectNothing();
        publisher.deliver(new Publish(publisher.nextRequest(), options, "com.example.t",
                Payload.of(List.of(new byte[] { 1 }), null)));
        publisher.expect(Published.class);
        sameSerializer.expect(Event.class);
        assertThat(otherSerializer.expect(Event.class).details()).containsEntry("ppt_scheme", "x_test");
    }
}
