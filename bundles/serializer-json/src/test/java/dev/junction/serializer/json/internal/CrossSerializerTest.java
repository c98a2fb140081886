package dev.junction.serializer.json.internal;

import dev.junction.api.testing.SampleMessages;
import static dev.junction.serializer.json.internal.JsonRoundTripTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.junction.api.message.Call;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Publish;
import dev.junction.api.message.WampMessage;
import dev.junction.serializer.msgpack.internal.MsgpackSerializerComponent;
import dev.junction.spi.serializer.Serializer;

/** A payload kept encoded by one serializer is re-encoded, value by value, by the other. */
class CrossSerializerTest {
    private final Serializer json = new JsonSerializerComponent();
    private final Serializer msgpack = new MsgpackSerializerComponent();

    static Stream<WampMessage> messages() {
        return SampleMessages.all().stream();
    }

    @ParameterizedTest
    @MethodSource("messages")
    void jsonToMsgpackAndBack(WampMessage message) {
        WampMessage fromJson = json.decode(json.encode(message));
        WampMessage fromMsgpack = msgpack.decode(msgpack.encode(fromJson));

        assertThat(fromMsgpack).isEqualTo(message);
        assertThat(json.decode(json.encode(fromMsgpack))).isEqualTo(message);
        assertThat(json.encode(fromMsgpack)).isEqualTo(json.encode(message));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void msgpackToJsonAndBack(WampMessage message) {
        WampMessage fromMsgpack = msgpack.decode(msgpack.encode(message));
        WampMessage fromJson = json.decode(json.encode(fromMsgpack));

        assertThat(fromJson).isEqualTo(message);
        assertThat(msgpack.encode(fromJson)).isEqualTo(msgpack.encode(message));
    }

    @Test
    void aJsonCallBecomesAMsgpackInvocation() {
        Call call = (Call) json.decode(utf8("[48,7,{},\"com.add\",[1, 2.5, \"\\u0000AQID\"],{\"k\": [true, null]}]"));
        Invocation invocation = new Invocation(1, 2, Map.of(), call.payload());

        Invocation received = (Invocation) msgpack.decode(msgpack.encode(invocation));

        assertThat(received.payload().encodedAs("msgpack")).isNotNull();
        assertThat(received.payload().args()).hasSize(3).startsWith(1L, 2.5);
        assertThat((byte[]) received.payload().args().get(2)).containsExactly(1, 2, 3);
        assertThat(received.payload().kwargs()).isEqualTo(Map.of("k", java.util.Arrays.asList(true, null)));
    }

    @Test
    void msgpackBinaryBecomesTheJsonBinaryConventionAndBack() {
        byte[] blob = {0, (byte) 0xfe, 42};
        WampMessage fromMsgpack = msgpack.decode(msgpack.encode(
                new Publish(1, Map.of("b", blob), "t", dev.junction.api.message.Payload.of(List.of(blob), null))));

        byte[] asJson = json.encode(fromMsgpack);
        WampMessage back = msgpack.decode(msgpack.encode(json.decode(asJson)));

        assertThat(new String(asJson, StandardCharsets.UTF_8))
                .isEqualTo("[16,1,{\"b\":\"\\u0000AP4q\"},\"t\",[\"\\u0000AP4q\"]]");
        assertThat((byte[]) ((Publish) back).options().get("b")).isEqualTo(blob);
        assertThat((byte[]) back.payload().args().get(0)).isEqualTo(blob);
    }
}
