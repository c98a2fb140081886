package dev.junction.serializer.msgpack.internal;

import dev.junction.api.testing.SampleMessages;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.WampMessages;

class MsgpackRoundTripTest {
    private final MsgpackSerializerComponent msgpack = new MsgpackSerializerComponent();

    static Stream<WampMessage> messages() {
        return SampleMessages.all().stream();
    }

    @ParameterizedTest
    @MethodSource("messages")
    void encodeThenDecodeGivesAnEqualMessage(WampMessage message) {
        byte[] bytes = msgpack.encode(message);
        WampMessage decoded = msgpack.decode(bytes);

        assertThat(decoded).isEqualTo(message);
        assertThat(WampMessages.toList(decoded)).isEqualTo(WampMessages.toList(message));
        assertThat(msgpack.encode(decoded)).isEqualTo(bytes);
    }

    @Test
    void isSafeToCallConcurrently() throws Exception {
        List<WampMessage> all = SampleMessages.all();
        List<byte[]> encoded = all.stream().map(msgpack::encode).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < all.size(); i++) {
                            WampMessage decoded = msgpack.decode(encoded.get(i));
                            assertThat(decoded).isEqualTo(all.get(i));
                            assertThat(msgpack.encode(decoded)).isEqualTo(encoded.get(i));
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            for (java.util.concurrent.Future<Integer> r : results) {
                assertThat(r.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(50 * all.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void describesItself() {
        assertThat(msgpack.name()).isEqualTo("msgpack");
        assertThat(msgpack.subprotocol()).isEqualTo("wamp.2.msgpack");
        assertThat(msgpack.rawSocketId()).isEqualTo(2);
        assertThat(msgpack.isBinary()).isTrue();
    }

    @Test
    void emptyPayloadIsOmittedAndKwargsAloneGetAnEmptyArgsList() {
        // fixarray(4) 16 1 {} "t"
        assertThat(Hex.hex(msgpack.encode(new Publish(1, Map.of(), "t", Payload.EMPTY)))).isEqualTo("94100180a174");
        // fixarray(6) 16 1 {} "t" [] {"k":1}
        assertThat(Hex.hex(msgpack.encode(new Publish(1, Map.of(), "t", Payload.of(null, Map.of("k", 1L))))))
                .isEqualTo("96100180a1749081a16b01");
    }

    @Test
    void integersTakeTheirSmallestFormAndDoublesAreFloat64() {
        Payload p = Payload.of(0L, 127L, 128L, -32L, -33L, 65535L, 65536L, 4294967296L, -2147483649L,
                new BigInteger("18446744073709551615"), 7, (short) 300, (byte) -1, 1.5, 1.5f);

        byte[] bytes = msgpack.encode(new Publish(1, Map.of(), "t", p));

        assertThat(Hex.hex(bytes)).isEqualTo("95100180a174" + "9f"
                + "00" + "7f" + "cc80" + "e0" + "d0df" + "cdffff" + "ce00010000" + "cf0000000100000000"
                + "d3ffffffff7fffffff" + "cfffffffffffffffff" + "07" + "cd012c" + "ff"
                + "cb3ff8000000000000" + "ca3fc00000");
    }

    @Test
    void valuesDecodeToTheDocumentedJavaTypes() {
        byte[] bytes = Msgpack.pack(p -> {
            p.packArrayHeader(5).packInt(16).packInt(1).packMapHeader(0).packString("t");
            p.packArrayHeader(8).packByte((byte) 1).packLong(Long.MAX_VALUE)
                    .packBigInteger(new BigInteger("18446744073709551615")).packFloat(0.5f).packDouble(2.5)
                    .packBoolean(true).packNil().packBinaryHeader(2).writePayload(new byte[] {9, 8});
        });

        List<Object> args = msgpack.decode(bytes).payload().args();

        assertThat(args.subList(0, 7)).containsExactly(1L, Long.MAX_VALUE, new BigInteger("18446744073709551615"),
                0.5, 2.5, true, null);
        assertThat((byte[]) args.get(7)).containsExactly(9, 8);
    }

    @Test
    void binaryRoundTripsInHeadAndPayload() {
        byte[] blob = {0, 1, (byte) 0xff};
        Publish decoded = (Publish) msgpack.decode(msgpack.encode(
                new Publish(1, Map.of("b", blob), "t", Payload.of(List.of(blob), Map.of("k", blob)))));

        assertThat((byte[]) decoded.options().get("b")).isEqualTo(blob);
        assertThat((byte[]) decoded.payload().args().get(0)).isEqualTo(blob);
        assertThat((byte[]) decoded.payload().kwargs().get("k")).isEqualTo(blob);
    }

    @Test
    void largeArgumentsRoundTrip() {
        String big = "x".repeat(1 << 20);
        byte[] blob = new byte[1 << 20];
        new Random(1).nextBytes(blob);
        Publish m = new Publish(1, Map.of(), "t", Payload.of(List.of(big, blob), Map.of("s", big)));

        byte[] bytes = msgpack.encode(m);
        WampMessage decoded = msgpack.decode(bytes);

        assertThat(decoded.payload().args().get(0)).isEqualTo(big);
        assertThat((byte[]) decoded.payload().args().get(1)).isEqualTo(blob);
        assertThat(decoded.payload().kwargs()).isEqualTo(Map.of("s", big));
        assertThat(msgpack.encode(decoded)).isEqualTo(bytes);
    }

    @Test
    void decodedCollectionsAreUnmodifiable() {
        Publish m = (Publish) msgpack.decode(msgpack.encode(
                new Publish(1, Map.of("a", List.of(1L)), "t", Payload.of(List.of(List.of(1L)), Map.of("k", 1L)))));

        assertThat(m.options()).isUnmodifiable();
        assertThat((List<?>) m.options().get("a")).isUnmodifiable();
        assertThat(m.payload().args()).isUnmodifiable();
        assertThat((List<?>) m.payload().args().get(0)).isUnmodifiable();
        assertThat(m.payload().kwargs()).isUnmodifiable();
    }
}
