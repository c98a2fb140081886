package dev.junction.serializer.json.internal;

import static dev.junction.serializer.json.internal.JsonRoundTripTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

class JsonMalformedInputTest {
    private final JsonSerializerComponent json = new JsonSerializerComponent();

    static Stream<Arguments> malformed() {
        return Stream.of(
                // not a (non-empty) array
                bad("empty frame", "", "empty"),
                bad("blank frame", " \n ", "empty"),
                bad("object", "{\"a\":1}", "must be a JSON array"),
                bad("number", "16", "must be a JSON array"),
                bad("string", "\"x\"", "must be a JSON array"),
                bad("null", "null", "must be a JSON array"),
                bad("empty array", "[]", "non-empty"),
                bad("empty array with blanks", " [ ] ", "non-empty"),
                // type code
                bad("unknown type", "[999,1]", "unknown message type"),
                bad("negative type", "[-1]", "unknown message type"),
                bad("type beyond int", "[4294967297,1,2]", "unknown message type"),
                bad("string type", "[\"hello\",\"realm\",{}]", "must be an integer"),
                bad("float type", "[1.0,\"realm\",{}]", "must be an integer"),
                // arity
                bad("HELLO too short", "[1,\"realm\"]", "HELLO must have 3 elements"),
                bad("HELLO too long", "[1,\"realm\",{},1]", "HELLO must have 3 elements"),
                bad("PUBLISHED too short", "[17,1]", "PUBLISHED"),
                bad("PUBLISH without topic", "[16,1,{}]", "PUBLISH"),
                bad("payload on a type without one", "[17,1,2,[]]", "PUBLISHED"),
                // field types
                bad("realm not a string", "[1,2,{}]", "Realm must be a string"),
                bad("details not a dict", "[1,\"r\",[]]", "Details must be a dict"),
                bad("options not a dict", "[16,1,[],\"t\"]", "Options must be a dict"),
                bad("request not an integer", "[16,\"1\",{},\"t\"]", "Request must be an integer"),
                bad("request a float", "[16,1.0,{},\"t\"]", "Request must be an integer"),
                // IDs
                bad("ID 0", "[17,0,1]", "1..2^53"),
                bad("ID 2^53+1", "[17,9007199254740993,1]", "1..2^53"),
                bad("negative ID", "[17,-5,1]", "1..2^53"),
                bad("ID beyond 64 bits", "[17,123456789012345678901234567890,1]", "must be an integer"),
                // payload shape
                bad("args a dict", "[16,1,{},\"t\",{\"a\":1}]", "Arguments must be a list, was a dict"),
                bad("args a string", "[16,1,{},\"t\",\"x\"]", "Arguments must be a list, was a string"),
                bad("args null", "[16,1,{},\"t\",null]", "Arguments must be a list, was null"),
                bad("kwargs a list", "[16,1,{},\"t\",[],[1]]", "ArgumentsKw must be a dict, was a list"),
                bad("kwargs a number", "[16,1,{},\"t\",[],1]", "ArgumentsKw must be a dict, was a number"),
                bad("3 payload elements", "[16,1,{},\"t\",[],{},{}]", "too many elements in PUBLISH"),
                bad("RESULT with 3 payload elements", "[50,1,{},[],{},[]]", "too many elements in RESULT"),
                // trailing data
                bad("trailing garbage", "[17,1,2]x", "invalid JSON"),
                bad("second message", "[17,1,2][17,1,2]", "trailing data"),
                bad("trailing comma after array", "[17,1,2],", "invalid JSON"),
                bad("trailing number", "[17,1,2] 3", "trailing data"),
                // truncated
                bad("truncated payload", "[16,1,{},\"t\",[1,2", "invalid JSON"),
                bad("truncated head", "[17,1,", "invalid JSON"),
                bad("truncated string", "[1,\"re", "invalid JSON"),
                bad("unclosed message", "[17,1,2", "invalid JSON"),
                // not strict JSON
                bad("trailing comma", "[17,1,2,]", "invalid JSON"),
                bad("leading zero", "[17,01,2]", "invalid JSON"),
                bad("single quotes", "[1,'r',{}]", "invalid JSON"),
                bad("comment", "[17,1,2 /* c */]", "invalid JSON"),
                bad("NaN in payload", "[16,1,{},\"t\",[NaN]]", "invalid JSON"),
                bad("unquoted key in payload", "[16,1,{},\"t\",[],{k:1}]", "invalid JSON"),
                bad("control character in a string", "[1,\"r\u0001\",{}]", "invalid JSON"),
                bad("bad escape in payload", "[16,1,{},\"t\",[\"\\x\"]]", "invalid JSON"),
                bad("duplicate key in the head", "[1,\"r\",{\"a\":1,\"a\":2}]", "duplicate key \"a\""),
                bad("payload nested too deeply", "[16,1,{},\"t\"," + "[".repeat(1001) + "]".repeat(1001) + "]",
                        "invalid JSON"),
                bad("head nested too deeply", "[1,\"r\",{\"a\":" + "[".repeat(1001) + "]".repeat(1001) + "}]",
                        "invalid JSON"));
    }

    static Stream<Arguments> malformedBytes() {
        return Stream.of(
                bad("invalid UTF-8 in the head", concat("[1,\"", new byte[] {(byte) 0xff}, "\",{}]"), "invalid JSON"),
                bad("invalid UTF-8 in the payload", concat("[16,1,{},\"t\",[\"", new byte[] {(byte) 0xc3, 0x28},
                        "\"]]"), "invalid JSON"),
                bad("truncated UTF-8 sequence in kwargs", concat("[16,1,{},\"t\",[],{\"k\":\"",
                        new byte[] {(byte) 0xe4, (byte) 0xb8}, "\"}]"), "invalid JSON"),
                bad("UTF-16LE", "[17,1,2]".getBytes(StandardCharsets.UTF_16LE), "UTF-8"),
                bad("UTF-16BE with BOM", "[17,1,2]".getBytes(StandardCharsets.UTF_16), "must be a JSON array"),
                bad("UTF-8 BOM", concat("", new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, "[17,1,2]"),
                        "must be a JSON array"),
                bad("NUL after the message", concat("[17,1,2]", new byte[] {0}, ""), "invalid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"malformed", "malformedBytes"})
    void rejectsWithAProtocolViolation(String description, byte[] input, String message) {
        assertThatThrownBy(() -> json.decode(input)).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void acceptsBlanksAroundTheMessageAndDeepButLegalNesting() {
        String deep = "[".repeat(900) + "]".repeat(900);

        assertThat(json.decode(utf8(" \r\n\t[17,1,2] \n"))).isNotNull();
        assertThat(json.decode(utf8("[16,1,{},\"t\"," + deep + "]")).payload().args()).hasSize(1);
        assertThat(json.decode(utf8("[17,9007199254740992,1]"))).isNotNull();
    }

    @Test
    void rejectsValuesThatJsonCannotRepresent() {
        assertThatThrownBy(() -> json.encode(publish(new Object()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> json.encode(publish(new HashSet<>(List.of(1)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> json.encode(publish(Double.NaN))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> json.encode(publish(Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> json.encode(publish(Map.of(1, "non-string key"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys must be strings");
        assertThatThrownBy(() -> json.encode(publish(nested(1001)))).isInstanceOf(IllegalArgumentException.class);
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

    private static Arguments bad(String description, String input, String message) {
        return Arguments.of(description, utf8(input), message);
    }

    private static Arguments bad(String description, byte[] input, String message) {
        return Arguments.of(description, input, message);
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(before));
        out.writeBytes(middle);
        out.writeBytes(utf8(after));
        return out.toByteArray();
    }
}
