package dev.junction.serializer.json.internal;

import static dev.junction.serializer.json.internal.JsonRoundTripTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.api.message.Hello;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;

/** WAMP spec, advanced/serialization_binary_json.md: binary is "\u0000" + Base64 in a JSON string. */
class JsonBinaryConventionTest {
    private final JsonSerializerComponent json = new JsonSerializerComponent();

    @Test
    void decodesBinaryInTheHead() {
        Hello hello = (Hello) json.decode(utf8("[1,\"realm\",{\"blob\":\"\\u0000AQID\",\"deep\":[\"\\u0000/w==\"]}]"));

        assertThat((byte[]) hello.details().get("blob")).containsExactly(1, 2, 3);
        assertThat((byte[]) ((List<?>) hello.details().get("deep")).get(0)).containsExactly(0xff);
    }

    @Test
    void decodesBinaryInThePayload() {
        Publish p = (Publish) json.decode(utf8("[16,1,{},\"t\",[\"\\u0000AQID\"],{\"empty\":\"\\u0000\"}]"));

        assertThat((byte[]) p.payload().args().get(0)).containsExactly(1, 2, 3);
        assertThat((byte[]) p.payload().kwargs().get("empty")).isEmpty();
    }

    @Test
    void keepsAStringWhoseRestIsNotBase64() {
        Publish p = (Publish) json.decode(utf8("[16,1,{},\"t\",[\"\\u0000not base64!\",\"\\u0000A\"]]"));

        assertThat(p.payload().args()).containsExactly("\u0000not base64!", "\u0000A");
    }

    @Test
    void encodesBinaryAsBase64WithPadding() {
        Publish p = new Publish(1, Map.of("blob", new byte[] {1, 2}), "t",
                Payload.of(List.of(new byte[] {1, 2, 3}), Map.of("e", new byte[0])));

        String text = new String(json.encode(p), StandardCharsets.UTF_8);

        assertThat(text).isEqualTo(
                "[16,1,{\"blob\":\"\\u0000AQI=\"},\"t\",[\"\\u0000AQID\"],{\"e\":\"\\u0000\"}]");
    }

    @Test
    void binaryRoundTrips() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Publish decoded = (Publish) json.decode(json.encode(new Publish(1, Map.of("b", all), "t", Payload.of(all))));

        assertThat((byte[]) decoded.options().get("b")).isEqualTo(all);
        assertThat((byte[]) decoded.payload().args().get(0)).isEqualTo(all);
    }
}
