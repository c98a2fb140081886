package dev.junction.serializer.msgpack.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.Call;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Event;
import dev.junction.api.message.Hello;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Result;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.Welcome;

/**
 * Byte-exact MessagePack vectors of the WAMP conformance test suite: repository wamp-proto/wamp-proto, files
 * {@code testsuite/singlemessage/basic/<name>.json}, field {@code serializers.msgpack[].bytes_hex} of the sample
 * named in each comment. The vectors use the smallest forms and keep key order, as our writer does, so encoding a
 * decoded vector gives its bytes back.
 */
class MsgpackConformanceVectorsTest {
    private final MsgpackSerializerComponent msgpack = new MsgpackSerializerComponent();

    static Stream<Arguments> vectors() {
        return Stream.of(
                // hello.json, "HELLO with minimal roles (basic profile)"
                vector("hello", "9301b1636f6d2e6578616d706c652e7265616c6d81a5726f6c657382aa73756273637269626572"
                        + "80a97075626c697368657280",
                        new Hello("com.example.realm",
                                Map.of("roles", Map.of("subscriber", Map.of(), "publisher", Map.of())))),
                // welcome.json, "WELCOME with minimal roles (basic profile)"
                vector("welcome", "9302cf00000002202394b481a5726f6c657382a662726f6b657280a66465616c657280",
                        new Welcome(9129137332L, Map.of("roles", Map.of("broker", Map.of(), "dealer", Map.of())))),
                // publish.json, "PUBLISH with positional args only"
                vector("publish args", "9510ce0e49c1af80b2636f6d2e6d796170702e6d79746f7069633191ad48656c6c6f2c20776f"
                        + "726c6421",
                        new Publish(239714735L, Map.of(), "com.myapp.mytopic1", Payload.of("Hello, world!"))),
                // publish.json, "PUBLISH with forward_for (router-to-router link)"
                vector("publish forward_for", "9510ce3ade68b181ab666f72776172645f666f729183a773657373696f6ecece0a6a14a6"
                        + "617574686964a7636c69656e7431a861757468726f6c65a866726f6e74656e64b0636f6d2e6d796170702e74"
                        + "6f70696332922aa474657374",
                        new Publish(987654321L,
                                Map.of("forward_for", List.of(Map.of("session", 3456789012L, "authid", "client1",
                                        "authrole", "frontend"))),
                                "com.myapp.topic2", Payload.of(42L, "test"))),
                // publish.json, "PUBLISH with no payload (signal only)"
                vector("publish signal", "9410ce3ade68b180b0636f6d2e6d796170702e7369676e616c",
                        new Publish(987654321L, Map.of(), "com.myapp.signal", Payload.EMPTY)),
                // publish.json, "PUBLISH with both args and kwargs"
                vector("publish args kwargs", "9610ce06a11e3d80ae636f6d2e6d796170702e6461746192a5416c6963651e82a4726f6c"
                        + "65a561646d696ea6616374697665c3",
                        new Publish(111222333L, Map.of(), "com.myapp.data",
                                Payload.of(List.of("Alice", 30L), Map.of("role", "admin", "active", true)))),
                // publish.json, "PUBLISH with args, kwargs, and acknowledge option"
                vector("publish acknowledge", "9610ce1a7f619281ab61636b6e6f776c65646765c3b3636f6d2e6d796170702e696d706f"
                        + "7274616e749264a8637269746963616c82a87072696f72697479a468696768a5636f756e7405",
                        new Publish(444555666L, Map.of("acknowledge", true), "com.myapp.important",
                                Payload.of(List.of(100L, "critical"), Map.of("priority", "high", "count", 5L)))),
                // call.json, "CALL with positional args only"
                vector("call", "9530ce00773bf780b6636f6d2e6d796170702e6d7970726f6365647572653191ad48656c6c6f2c2077"
                        + "6f726c6421",
                        new Call(7814135L, Map.of(), "com.myapp.myprocedure1", Payload.of("Hello, world!"))),
                // event.json, "EVENT with positional args only"
                vector("event", "9524ce0095e526cf0000001a21a278be8091ad48656c6c6f2c206576656e7421",
                        new Event(9823526L, 112233445566L, Map.of(), Payload.of("Hello, event!"))),
                // event.json, "EVENT with forward_for (router-to-router link)"
                vector("event forward_for", "9524cf00000001ba2dc75ecf000000819c967f6c81ab666f72776172645f666f729183a7"
                        + "73657373696f6ece931ae60ba6617574686964a966726f6e74656e6431a861757468726f6c65a47573657292"
                        + "64a464617461",
                        new Event(7418529630L, 556677889900L,
                                Map.of("forward_for", List.of(Map.of("session", 2468013579L, "authid", "frontend1",
                                        "authrole", "user"))),
                                Payload.of(100L, "data"))),
                // result.json, "RESULT with positional args only"
                vector("result", "9432ce00773bf78091ad48656c6c6f2c20776f726c6421",
                        new Result(7814135L, Map.of(), Payload.of("Hello, world!"))),
                // error.json, "ERROR with empty Details (basic profile)"
                vector("error", "950830ce00773bf780af636f6d2e6d796170702e6572726f72",
                        new ErrorMessage(48, 7814135L, Map.of(), "com.myapp.error", Payload.EMPTY)));
    }

    /**
     * Payload transparency (E2EE / passthru mode): a bin where {@code Arguments|list} belongs. The API's
     * {@link Payload} has no form for it, so these are rejected for now.
     */
    static Stream<String> transparentPayloadVectors() {
        return Stream.of(
                // publish.json, "PUBLISH with transparent payload (encrypted E2E)"
                "9510ce075bcd1582a8656e635f616c676fa963727970746f626f78ae656e635f73657269616c697a6572a76d7367"
                        + "7061636bb3636f6d2e6d796170702e656e63727970746564c41982a5636f6c6f72a66f72616e6765a573697a"
                        + "65739317002a07",
                // event.json, "EVENT with transparent payload (encrypted E2E)"
                "9524cf00000001509c397ecf000000e891bf990882a8656e635f616c676fa963727970746f626f78ae656e635f7365"
                        + "7269616c697a6572a76d73677061636bc41e83a5636f6c6f72a4626c7565a473697a65a56c61726765a5636f"
                        + "756e741e");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesToTheExpectedMessage(String name, byte[] bytes, WampMessage expected) {
        assertThat(msgpack.decode(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encodesTheDecodedVectorToTheSameBytes(String name, byte[] bytes, WampMessage expected) {
        assertThat(Hex.hex(msgpack.encode(msgpack.decode(bytes)))).isEqualTo(Hex.hex(bytes));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encodingTheExpectedMessageDecodesBackToIt(String name, byte[] bytes, WampMessage expected) {
        assertThat(msgpack.decode(msgpack.encode(expected))).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("transparentPayloadVectors")
    void rejectsTransparentPayloads(String hex) {
        assertThatThrownBy(() -> msgpack.decode(Hex.bytes(hex))).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("Arguments must be a list, was binary");
    }

    private static Arguments vector(String name, String hex, WampMessage expected) {
        return Arguments.of(name, Hex.bytes(hex), expected);
    }
}
