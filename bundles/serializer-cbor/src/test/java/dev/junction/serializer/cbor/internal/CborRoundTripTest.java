package dev.junction.serializer.cbor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.Event;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.WampMessages;
import dev.junction.api.testing.SampleMessages;

class CborRoundTripTest {
    private final CborSerializerComponent cbor = new CborSerializerComponent();

    static Stream<WampMessage> messages() {
        return SampleMessages.all().stream();
    }

    @ParameterizedTest
    @MethodSource("messages")
    void encodeThenDecodeGivesAnEqualMessage(WampMessage message) {
        byte[] bytes = cbor.encode(message);
        WampMessage decoded = cbor.decode(bytes);

        assertThat(decoded).isEqualTo(message);
        assertThat(WampMessages.toList(decoded)).isEqualTo(WampMessages.toList(message));
        // The payload of the decoded message is copied through as it came.
        assertThat(cbor.encode(decoded)).isEqualTo(bytes);
    }

    @Test
    void describesItself() {
        assertThat(cbor.name()).isEqualTo("cbor");
        assertThat(cbor.subprotocol()).isEqualTo("wamp.2.cbor");
        assertThat(cbor.rawSocketId()).isEqualTo(3);
        assertThat(cbor.isBinary()).isTrue();
    }

    @Test
    void writesRfc8949BytesForAPublish() {
        // array(4) 16 1 {} "t"
        assertThat(hex(cbor.encode(new Publish(1, Map.of(), "t", Payload.EMPTY)))).isEqualTo("841001a06174");
        // array(6) 16 1 {} "t" [] {"k": 1}
        assertThat(hex(cbor.encode(new Publish(1, Map.of(), "t", Payload.of(null, Map.of("k", 1L))))))
                .isEqualTo("861001a0617480a1616b01");
    }

    @Test
    void binaryValuesAreByteStrings() {
        byte[] bytes = { 0, 1, (byte) 0xff };
        byte[] encoded = cbor.encode(new Event(1, 2, Map.of(), Payload.of(List.of(bytes), null)));
        // array(5) 36 1 2 {} [h'0001ff']
        assertThat(hex(encoded)).isEqualTo("85182401" + "02a0" + "8143" + "0001ff");
        Event decoded = (Event) cbor.decode(encoded);
        assertThat((byte[]) decoded.payload().args().get(0)).containsExactly(bytes);
    }

    @Test
    void readsIndefiniteLengthContainersAndUndefinedAsNull() {
        // array(_) 16 1 {_ } "t" [_ undefined, 1.5 (half float)] break
        WampMessage m = cbor.decode(HexFormat.of().parseHex("9f1001bfff6174" + "9ff7f93e00ff" + "ff"));
        Publish p = (Publish) m;
        assertThat(p.topic()).isEqualTo("t");
        assertThat(p.payload().args()).containsExactly(null, 1.5);
        // re-encoded definite-length array around the payload bytes as they came
        assertThat(cbor.decode(cbor.encode(p))).isEqualTo(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", // empty
            "a0", // not an array
            "80", // empty array
            "841001a061", // truncated
            "841001a0617400", // trailing data
            "851001a061740a", // Arguments not a list
            "851001a0617481" + "62c328", // invalid UTF-8 in a payload string
            "8510a1616101a161610201a06174" // malformed head (duplicate key) / wrong type
    })
    void refusesMalformedInputAsAProtocolViolation(String hex) {
        byte[] data = HexFormat.of().parseHex(hex);
        assertThatThrownBy(() -> cbor.decode(data)).isInstanceOf(ProtocolViolationException.class);
    }

    // U+DCC0 in its three-byte form (ED B3 80): not UTF-8, and no encoder could write it again (found by fuzzing)
    @ParameterizedTest
    @ValueSource(strings = {
            "841001a063edb380", // as the topic
            "841001a163edb380016174", // as a key of Options
            "851001a0617481" + "63edb380", // in Arguments
            "861001a0617480" + "a163edb38001" // as a key of ArgumentsKw
    })
    void refusesEncodedSurrogatesAsInvalidUtf8(String hex) {
        byte[] data = HexFormat.of().parseHex(hex);
        assertThatThrownBy(() -> cbor.decode(data)).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("surrogate U+DCC0");
    }

    @Test
    void acceptsCharactersBeyondTheBasicPlaneInFourByteForm() {
        // control for the surrogate cases above: U+1F600 is the pair D83D DE00 in Java and F0 9F 98 80 in UTF-8
        Publish p = (Publish) cbor.decode(HexFormat.of().parseHex("841001a064f09f9880"));
        assertThat(p.topic()).isEqualTo("\uD83D\uDE00");
        assertThat(hex(cbor.encode(p))).isEqualTo("841001a064f09f9880");
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
