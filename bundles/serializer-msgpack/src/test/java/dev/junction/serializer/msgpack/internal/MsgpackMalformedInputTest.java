package dev.junction.serializer.msgpack.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;

class MsgpackMalformedInputTest {
    private final MsgpackSerializerComponent msgpack = new MsgpackSerializerComponent();

    /** A valid PUBLISH: [16, 1, {}, "t", [1], {"k": 1}]. */
    private static final String PUBLISH = "96100180a174" + "9101" + "81a16b01";

    static Stream<Arguments> malformed() {
        return Stream.of(
                // not a (non-empty) array
                bad("empty frame", "", "empty"),
                bad("map", "80", "must be a MessagePack array, was a map"),
                bad("integer", "10", "must be a MessagePack array, was an integer"),
                bad("string", "a161", "must be a MessagePack array, was a string"),
                bad("nil", "c0", "must be a MessagePack array, was nil"),
                bad("empty array", "90", "non-empty"),
                bad("empty array32", "dd00000000", "non-empty"),
                // type code
                bad("unknown type", "92cd03e701", "unknown message type"),
                bad("negative type", "91ff", "unknown message type"),
                bad("type beyond int", "93cf000000010000000101" + "02", "unknown message type"),
                bad("string type", "93a568656c6c6fa17280", "must be an integer"),
                bad("float type", "93cb3ff0000000000000a17280", "must be an integer"),
                // arity
                bad("HELLO too short", "9201a172", "HELLO must have 3 elements"),
                bad("HELLO too long", "9401a1728001", "HELLO must have 3 elements"),
                bad("PUBLISHED too short", "921101", "PUBLISHED"),
                bad("payload on a type without one", "9411010290", "PUBLISHED"),
                // field types
                bad("realm not a string", "93010280", "Realm must be a string"),
                bad("details not a dict", "9301a17290", "Details must be a dict"),
                bad("details binary", "9301a172c40100", "Details must be a dict, was binary"),
                bad("request not an integer", "9410a131" + "80a174", "Request must be an integer"),
                // IDs
                bad("ID 0", "93110001", "1..2^53"),
                bad("ID 2^53+1", "9311cf002000000000000101", "1..2^53"),
                bad("negative ID", "9311fb01", "1..2^53"),
                bad("ID beyond 63 bits", "9311cfffffffffffffffff01", "must be an integer"),
                // payload shape
                bad("args a map", "95100180a174" + "80", "Arguments must be a list, was a map"),
                bad("args a string", "95100180a174" + "a178", "Arguments must be a list, was a string"),
                bad("args nil", "95100180a174" + "c0", "Arguments must be a list, was nil"),
                bad("kwargs a list", "96100180a174" + "90" + "90", "ArgumentsKw must be a dict, was an array"),
                bad("kwargs binary", "96100180a174" + "90" + "c400", "ArgumentsKw must be a dict, was binary"),
                bad("3 payload elements", "97100180a174" + "90" + "80" + "80", "too many elements in PUBLISH"),
                bad("RESULT with 3 payload elements", "963201809080" + "90", "too many elements in RESULT"),
                // trailing data
                bad("trailing byte", PUBLISH + "00", "trailing data"),
                bad("second message", PUBLISH + PUBLISH, "trailing data"),
                // truncated
                bad("truncated in kwargs", PUBLISH.substring(0, PUBLISH.length() - 2), "truncated"),
                bad("truncated in the head", "95100180", "truncated"),
                bad("array count larger than the input", "dd7fffffff01a172", "truncated"),
                bad("string length larger than the input", "9301db7fffffff61", "truncated"),
                bad("binary length larger than the input", "9301a17281a162c67fffffff00", "truncated"),
                bad("payload string length larger than the input", "95100180a174" + "91db7fffffff61", "truncated"),
                bad("payload map count larger than the input", "96100180a174" + "90" + "df7fffffff", "truncated"),
                // strings and keys
                bad("invalid UTF-8 in the realm", "9301a2ff6180", "not valid UTF-8"),
                bad("invalid UTF-8 in a head key", "9301a17281a2c32801", "not valid UTF-8"),
                bad("integer key in the head", "9301a172810102", "keys must be strings, found an integer"),
                bad("binary key in the head", "9301a17281c4016101", "keys must be strings, found binary"),
                bad("integer key in kwargs", "96100180a174" + "90" + "810102", "keys must be strings"),
                bad("integer key nested in args", "95100180a174" + "91" + "81" + "0102", "keys must be strings"),
                bad("duplicate key in the head", "9301a17282a16101a16102", "duplicate key \"a\""),
                // types with no WAMP meaning
                bad("extension in the head", "9301a17281a161d40100", "extension"),
                bad("timestamp in the payload", "95100180a174" + "91d6ff00000000", "extension"),
                bad("extension in kwargs", "96100180a174" + "90" + "81a161c70101" + "00", "extension"),
                bad("never-used byte", "93c1", "invalid MessagePack"),
                bad("never-used byte in the payload", "95100180a174" + "91c1", "invalid MessagePack"),
                // nesting
                bad("payload nested too deeply", "95100180a174" + "91".repeat(1001) + "90", "nested deeper"),
                bad("head nested too deeply", "9301a17281a161" + "91".repeat(1001) + "90", "nested deeper"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsWithAProtocolViolation(String description, byte[] input, String message) {
        assertThatThrownBy(() -> msgpack.decode(input)).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void everyTruncationOfAValidMessageIsRejected() {
        byte[] valid = Hex.bytes(PUBLISH);
        assertThat(msgpack.decode(valid)).isNotNull();
        for (int length = 0; length < valid.length; length++) {
            byte[] cut = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> msgpack.decode(cut)).isInstanceOf(ProtocolViolationException.class);
        }
    }

    @Test
    void acceptsDeepButLegalNestingAndTheLargestId() {
        assertThat(msgpack.decode(Hex.bytes("95100180a174" + "91".repeat(900) + "90")).payload().args())
                .hasSize(1);
        assertThat(msgpack.decode(Hex.bytes("9311cf002000000000000001"))).isNotNull();
    }

    @Test
    void rejectsValuesThatMsgpackCannotRepresent() {
        assertThatThrownBy(() -> msgpack.encode(publish(new Object()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> msgpack.encode(publish(new HashSet<>(List.of(1)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> msgpack.encode(publish(new java.math.BigInteger("18446744073709551616"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> msgpack.encode(publish(Map.of(1, "non-string key"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys must be strings");
        assertThatThrownBy(() -> msgpack.encode(publish(nested(1001))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Publish publish(Object arg) {
        return new Publish(1, Map.of(), "t", Payload.of(arg));
    }

    private static Object nested(int depth) {
        Object v = List.of();
        for (int i = 1; i < depth; i++) {
            v = List.of(v);
        }
        return v;
    }

    private static Arguments bad(String description, String hex, String message) {
        return Arguments.of(description, Hex.bytes(hex), message);
    }
}
