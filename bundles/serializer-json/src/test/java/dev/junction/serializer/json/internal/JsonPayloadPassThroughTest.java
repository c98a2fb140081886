package dev.junction.serializer.json.internal;

import static dev.junction.serializer.json.internal.JsonRoundTripTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.api.message.Call;
import dev.junction.api.message.Event;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.WampMessage;

class JsonPayloadPassThroughTest {
    private final JsonSerializerComponent json = new JsonSerializerComponent();

    @Test
    void decodeKeepsThePayloadEncodedWithExactRanges() {
        String args = "[ 1 , \"two\" , {\"x\": [3]} ]";
        String kwargs = "{\"k\" :  \"v\"}";
        byte[] frame = utf8("[16, 1, {}, \"t\", " + args + " , " + kwargs + "]");

        Payload payload = json.decode(frame).payload();
        Payload.Encoded encoded = payload.encodedAs("json");

        assertThat(encoded).isNotNull();
        assertThat(payload.encodedAs("msgpack")).isNull();
        assertThat(encoded.source()).isSameAs(frame);
        assertThat(slice(frame, encoded.argsOffset(), encoded.argsLength())).isEqualTo(args);
        assertThat(slice(frame, encoded.kwargsOffset(), encoded.kwargsLength())).isEqualTo(kwargs);
        assertThat(encoded.emptyArgs()).isFalse();
        assertThat(payload.toString()).contains("encoded json");
        assertThat(payload.args()).containsExactly(1L, "two", Map.of("x", List.of(3L)));
        assertThat(payload.kwargs()).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void encodeCopiesTheEncodedPayloadByteForByte() {
        // Blanks inside the payload prove it is copied, not re-encoded; the head is re-encoded compactly.
        String args = "[ 1 , \"two\" , {\"x\": [3.50]} ]";
        String kwargs = "{\"k\" :  \"v\"}";
        WampMessage decoded = json.decode(utf8("[16, 1, {\"acknowledge\": true}, \"t\", " + args + " , " + kwargs
                + "]"));

        byte[] encoded = json.encode(decoded);

        assertThat(new String(encoded, StandardCharsets.UTF_8))
                .isEqualTo("[16,1,{\"acknowledge\":true},\"t\"," + args + "," + kwargs + "]");
        assertThat(json.decode(encoded)).isEqualTo(decoded);
    }

    @Test
    void aForwardedPayloadIsCopiedIntoTheNewMessage() {
        String args = "[\"a\",  [1,2,  3]]";
        Call call = (Call) json.decode(utf8("[48,7,{},\"com.proc\"," + args + "]"));
        Invocation invocation = new Invocation(99, 5, Map.of(), call.payload());
        Event event = new Event(3, 4, Map.of(), call.payload());

        assertThat(new String(json.encode(invocation), StandardCharsets.UTF_8))
                .isEqualTo("[68,99,5,{}," + args + "]");
        assertThat(new String(json.encode(event), StandardCharsets.UTF_8)).isEqualTo("[36,3,4,{}," + args + "]");
    }

    @Test
    void emptyArgsWithoutKwargsAreDropped() {
        WampMessage decoded = json.decode(utf8("[16,1,{},\"t\",[ \n ]]"));

        assertThat(decoded.payload().isEmpty()).isTrue();
        assertThat(decoded.payload().encodedAs("json").emptyArgs()).isTrue();
        assertThat(new String(json.encode(decoded), StandardCharsets.UTF_8)).isEqualTo("[16,1,{},\"t\"]");
        assertThat(decoded).isEqualTo(new Publish(1, Map.of(), "t", Payload.EMPTY));
    }

    @Test
    void emptyArgsWithKwargsAreKept() {
        WampMessage decoded = json.decode(utf8("[16,1,{},\"t\",[],{\"a\":null}]"));

        assertThat(decoded.payload().isEmpty()).isFalse();
        assertThat(decoded.payload().args()).isEmpty();
        assertThat(decoded.payload().kwargs()).containsEntry("a", null);
        assertThat(new String(json.encode(decoded), StandardCharsets.UTF_8))
                .isEqualTo("[16,1,{},\"t\",[],{\"a\":null}]");
    }

    @Test
    void messageWithoutPayloadHasTheEmptyPayload() {
        WampMessage decoded = json.decode(utf8("[16,1,{},\"t\"]"));

        assertThat(decoded.payload()).isSameAs(Payload.EMPTY);
    }

    @Test
    void duplicateKeysInThePayloadResolveToTheLastValue() {
        WampMessage decoded = json.decode(utf8("[16,1,{},\"t\",[{\"a\":1,\"a\":2}],{\"k\":1,\"k\":2}]"));

        assertThat(decoded.payload().args()).containsExactly(Map.of("a", 2L));
        assertThat(decoded.payload().kwargs()).isEqualTo(Map.of("k", 2L));
    }

    @Test
    void largeEncodedArgumentIsCopiedThrough() {
        String big = "y".repeat(1 << 20);
        byte[] frame = utf8("[48,1,{},\"p\",[\"" + big + "\"],{\"n\":1}]");

        WampMessage decoded = json.decode(frame);

        assertThat(json.encode(decoded)).isEqualTo(frame);
        assertThat(decoded.payload().args()).containsExactly(big);
    }

    private static String slice(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.UTF_8);
    }
}
