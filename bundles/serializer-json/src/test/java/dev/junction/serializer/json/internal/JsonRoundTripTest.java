package dev.junction.serializer.json.internal;

import dev.junction.api.testing.SampleMessages;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.junction.api.message.Publish;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.WampMessages;

class JsonRoundTripTest {
    private final JsonSerializerComponent json = new JsonSerializerComponent();

    static Stream<WampMessage> messages() {
        return SampleMessages.all().stream();
    }

    @ParameterizedTest
    @MethodSource("messages")
    void encodeThenDecodeGivesAnEqualMessage(WampMessage message) {
        byte[] bytes = json.encode(message);
        WampMessage decoded = json.decode(bytes);

        assertThat(decoded).isEqualTo(message);
        assertThat(WampMessages.toList(decoded)).isEqualTo(WampMessages.toList(message));
        // Canonical form: decoding and encoding again gives the same bytes.
        assertThat(json.encode(decoded)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void encodingIsCompactUtf8Json(WampMessage message) {
        String text = new String(json.encode(message), StandardCharsets.UTF_8);

        assertThat(text).startsWith("[" + message.type() + ",").endsWith("]").doesNotContain(", ", ": ");
    }

    @Test
    void isSafeToCallConcurrently() throws Exception {
        List<WampMessage> all = SampleMessages.all();
        List<byte[]> encoded = all.stream().map(json::encode).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < all.size(); i++) {
                            WampMessage decoded = json.decode(encoded.get(i));
                            assertThat(decoded).isEqualTo(all.get(i));
                            assertThat(json.encode(decoded)).isEqualTo(encoded.get(i));
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
    void unpairedSurrogatesAreEscapedAndRoundTrip() {
        Publish m = new Publish(1, Map.of(), "t", dev.junction.api.message.Payload.of("a\ud800b", "\ud83d\ude00"));

        assertThat(text(m)).isEqualTo("[16,1,{},\"t\",[\"a\\uD800b\",\"\ud83d\ude00\"]]");
        assertThat(json.decode(json.encode(m))).isEqualTo(m);
    }

    @Test
    void describesItself() {
        assertThat(json.name()).isEqualTo("json");
        assertThat(json.subprotocol()).isEqualTo("wamp.2.json");
        assertThat(json.rawSocketId()).isEqualTo(1);
        assertThat(json.isBinary()).isFalse();
    }

    @Test
    void emptyPayloadIsOmittedAndKwargsAloneGetAnEmptyArgsList() {
        assertThat(text(new Publish(1, Map.of(), "t", dev.junction.api.message.Payload.EMPTY)))
                .isEqualTo("[16,1,{},\"t\"]");
        assertThat(text(new Publish(1, Map.of(), "t", dev.junction.api.message.Payload.of(null, Map.of("k", 1L)))))
                .isEqualTo("[16,1,{},\"t\",[],{\"k\":1}]");
        assertThat(text(new Publish(1, Map.of(), "t", dev.junction.api.message.Payload.of(List.of(), Map.of()))))
                .isEqualTo("[16,1,{},\"t\"]");
    }

    @Test
    void valuesDecodeToTheDocumentedJavaTypes() {
        WampMessage m = json.decode(utf8("[16,1,{\"i\":1,\"big\":18446744073709551616,\"neg\":-9223372036854775809,"
                + "\"max\":9223372036854775807,\"f\":1.5,\"e\":1e3,\"t\":true,\"n\":null,\"s\":\"x\",\"l\":[],\"d\":{}},"
                + "\"t\",[1,2.0,-0,\"s\"]]"));
        Map<String, Object> options = ((Publish) m).options();

        assertThat(options.get("i")).isEqualTo(1L);
        assertThat(options.get("big")).isEqualTo(new BigInteger("18446744073709551616"));
        assertThat(options.get("neg")).isEqualTo(new BigInteger("-9223372036854775809"));
        assertThat(options.get("max")).isEqualTo(Long.MAX_VALUE);
        assertThat(options.get("f")).isEqualTo(1.5);
        assertThat(options.get("e")).isEqualTo(1000.0);
        assertThat(options.get("t")).isEqualTo(true);
        assertThat(options).containsEntry("n", null);
        assertThat(options.get("s")).isEqualTo("x");
        assertThat(options.get("l")).isEqualTo(List.of());
        assertThat(options.get("d")).isEqualTo(Map.of());
        assertThat(List.copyOf(options.keySet())).containsExactly("i", "big", "neg", "max", "f", "e", "t", "n", "s",
                "l", "d");
        assertThat(m.payload().args()).containsExactly(1L, 2.0, 0L, "s");
    }

    @Test
    void decodedCollectionsAreUnmodifiable() {
        Publish m = (Publish) json.decode(utf8("[16,1,{\"a\":[1]},\"t\",[[1]],{\"k\":{}}]"));

        assertThat(m.options()).isUnmodifiable();
        assertThat((List<?>) m.options().get("a")).isUnmodifiable();
        assertThat(m.payload().args()).isUnmodifiable();
        assertThat((List<?>) m.payload().args().get(0)).isUnmodifiable();
        assertThat(m.payload().kwargs()).isUnmodifiable();
    }

    @Test
    void largeArgumentRoundTrips() {
        String big = "x".repeat(1 << 20);
        Publish m = new Publish(1, Map.of(), "t", dev.junction.api.message.Payload.of(big, List.of(big)));
        byte[] bytes = json.encode(m);
        WampMessage decoded = json.decode(bytes);

        assertThat(bytes.length).isGreaterThan(2 << 20);
        assertThat(decoded).isEqualTo(m);
        assertThat(json.encode(decoded)).isEqualTo(bytes);
    }

    @Test
    void largeBinaryArgumentRoundTrips() {
        byte[] blob = new byte[1 << 20];
        new java.util.Random(1).nextBytes(blob);
        Publish m = new Publish(1, Map.of(), "t", dev.junction.api.message.Payload.of(blob));
        WampMessage decoded = json.decode(json.encode(m));

        assertThat((byte[]) decoded.payload().args().get(0)).isEqualTo(blob);
    }

    private String text(WampMessage m) {
        return new String(json.encode(m), StandardCharsets.UTF_8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
