package dev.junction.serializer.msgpack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.api.message.Call;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.WampMessage;

class MsgpackPayloadPassThroughTest {
    private final MsgpackSerializerComponent msgpack = new MsgpackSerializerComponent();

    // Non-canonical forms our writer never produces (int64 for 1, str16 for "a", map16): if the payload came out
    // of the encoder unchanged, it was copied, not re-encoded.
    private static final String ARGS = "92" + "d30000000000000001" + "da000161";
    private static final String KWARGS = "de0001" + "a16b" + "c0";

    @Test
    void decodeKeepsThePayloadEncodedWithExactRanges() {
        byte[] frame = Hex.bytes("96" + "10" + "01" + "80" + "a174" + ARGS + KWARGS);

        Payload payload = msgpack.decode(frame).payload();
        Payload.Encoded encoded = payload.encodedAs("msgpack");

        assertThat(encoded).isNotNull();
        assertThat(payload.encodedAs("json")).isNull();
        assertThat(encoded.source()).isSameAs(frame);
        assertThat(slice(frame, encoded.argsOffset(), encoded.argsLength())).isEqualTo(ARGS);
        assertThat(slice(frame, encoded.kwargsOffset(), encoded.kwargsLength())).isEqualTo(KWARGS);
        assertThat(encoded.emptyArgs()).isFalse();
        assertThat(payload.args()).containsExactly(1L, "a");
        assertThat(payload.kwargs()).containsEntry("k", null).hasSize(1);
    }

    @Test
    void encodeCopiesTheEncodedPayloadByteForByte() {
        // The head is re-encoded in its smallest form (request 1 as int64 becomes a fixint).
        WampMessage decoded = msgpack.decode(Hex.bytes("96" + "10" + "d30000000000000001" + "80" + "a174" + ARGS
                + KWARGS));

        byte[] encoded = msgpack.encode(decoded);

        assertThat(Hex.hex(encoded)).isEqualTo("96" + "10" + "01" + "80" + "a174" + ARGS + KWARGS);
        assertThat(msgpack.decode(encoded)).isEqualTo(decoded);
    }

    @Test
    void aForwardedPayloadIsCopiedIntoTheNewMessage() {
        Call call = (Call) msgpack.decode(Hex.bytes("95" + "30" + "07" + "80" + "a170" + ARGS));
        Invocation invocation = new Invocation(99, 5, Map.of(), call.payload());

        assertThat(Hex.hex(msgpack.encode(invocation))).isEqualTo("95" + "44" + "63" + "05" + "80" + ARGS);
    }

    @Test
    void emptyArgsWithoutKwargsAreDropped() {
        WampMessage decoded = msgpack.decode(Hex.bytes("95100180a174" + "dc0000"));

        assertThat(decoded.payload().isEmpty()).isTrue();
        assertThat(decoded.payload().encodedAs("msgpack").emptyArgs()).isTrue();
        assertThat(Hex.hex(msgpack.encode(decoded))).isEqualTo("94100180a174");
        assertThat(decoded).isEqualTo(new Publish(1, Map.of(), "t", Payload.EMPTY));
    }

    @Test
    void emptyArgsWithKwargsAreKept() {
        WampMessage decoded = msgpack.decode(Hex.bytes("96100180a174" + "90" + "81a16101"));

        assertThat(decoded.payload().isEmpty()).isFalse();
        assertThat(decoded.payload().args()).isEmpty();
        assertThat(Hex.hex(msgpack.encode(decoded))).isEqualTo("96100180a174" + "90" + "81a16101");
    }

    @Test
    void messageWithoutPayloadHasTheEmptyPayload() {
        assertThat(msgpack.decode(Hex.bytes("94100180a174")).payload()).isSameAs(Payload.EMPTY);
    }

    @Test
    void payloadRulesAreLenientOnceTheSyntaxIsChecked() {
        // A repeated key keeps its last value; malformed UTF-8 in a payload string becomes U+FFFD.
        WampMessage decoded = msgpack.decode(Hex.bytes("96100180a174" + "91a2ff61" + "82a16b01a16b02"));

        assertThat(decoded.payload().args()).containsExactly("\ufffda");
        assertThat(decoded.payload().kwargs()).isEqualTo(Map.of("k", 2L));
    }

    @Test
    void largeEncodedArgumentIsCopiedThrough() {
        byte[] blob = new byte[1 << 20];
        Arrays.fill(blob, (byte) 7);
        byte[] frame = Msgpack.pack(p -> {
            p.packArrayHeader(5).packInt(48).packInt(1).packMapHeader(0).packString("p");
            p.packArrayHeader(2).packBinaryHeader(blob.length).writePayload(blob).packString("x".repeat(1 << 20));
        });

        WampMessage decoded = msgpack.decode(frame);

        assertThat(msgpack.encode(decoded)).isEqualTo(frame);
        assertThat((byte[]) decoded.payload().args().get(0)).isEqualTo(blob);
        assertThat(decoded.payload().args().get(1)).isEqualTo("x".repeat(1 << 20));
        assertThat(decoded).isInstanceOf(Call.class);
        assertThat(((Call) decoded).procedure()).isEqualTo("p");
        assertThat(List.of(decoded.payload().hasKwargs())).containsExactly(false);
    }

    private static String slice(byte[] b, int offset, int length) {
        return Hex.hex(Arrays.copyOfRange(b, offset, offset + length));
    }
}
