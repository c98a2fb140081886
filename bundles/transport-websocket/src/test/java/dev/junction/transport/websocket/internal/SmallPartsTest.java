package dev.junction.transport.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.junit.jupiter.api.Test;

import dev.junction.transport.endpoint.SerializerRegistry;

/** OriginPolicy, DeflateNegotiation, SerializerRegistry (peer addresses: transport-endpoint's PeerAddressesTest). */
class SmallPartsTest {

    @Test
    void originPatterns() {
        OriginPolicy any = new OriginPolicy(List.of("*"), true);
        assertThat(any.allows("https://anything.example")).isTrue();
        assertThat(any.allows(null)).isTrue();
        assertThat(any.allows("null")).isTrue();

        OriginPolicy some = new OriginPolicy(List.of("https://*.example.com", "http://localhost:8080"), false);
        assertThat(some.allows("https://app.example.com")).isTrue();
        assertThat(some.allows("HTTPS://App.Example.com")).isTrue();
        assertThat(some.allows("http://localhost:8080")).isTrue();
        assertThat(some.allows("http://localhost:8081")).isFalse();
        assertThat(some.allows("https://example.com.evil.org")).isFalse();
        assertThat(some.allows("https://evil.org")).isFalse();
        assertThat(some.allows("null")).isFalse();
        assertThat(some.allows(null)).isTrue(); // non-browser clients send no Origin
        assertThat(new OriginPolicy(List.of("https://a.b"), true).allows("https://aXb")).isFalse(); // dots are literal
    }

    @Test
    void deflateOnlyWhenConfiguredAndOnlyPermessageDeflate() {
        List<ExtensionConfig> offered = List.of(ExtensionConfig.parse("identity"),
                ExtensionConfig.parse("permessage-deflate; client_max_window_bits"));
        assertThat(DeflateNegotiation.negotiate(offered, null)).isEmpty();

        TransportSettings.Deflate plain = new TransportSettings.Deflate(false, 0, false, 0, 0);
        assertThat(DeflateNegotiation.negotiate(offered, plain)).singleElement()
                .extracting(ExtensionConfig::getParameterizedName).isEqualTo("permessage-deflate");

        TransportSettings.Deflate strict = new TransportSettings.Deflate(true, 0, true, 0, 0);
        assertThat(DeflateNegotiation.negotiate(offered, strict)).singleElement()
                .extracting(ExtensionConfig::getParameterizedName)
                .isEqualTo("permessage-deflate;server_no_context_takeover;client_no_context_takeover");

        // A small server window cannot be honoured: that offer is declined, the next one taken.
        List<ExtensionConfig> windows = List.of(ExtensionConfig.parse("permessage-deflate; server_max_window_bits=10"),
                ExtensionConfig.parse("permessage-deflate; server_no_context_takeover"));
        assertThat(DeflateNegotiation.negotiate(windows, plain)).singleElement()
                .extracting(ExtensionConfig::getParameterizedName)
                .isEqualTo("permessage-deflate;server_no_context_takeover");
        assertThat(DeflateNegotiation.negotiate(List.of(windows.get(0)), plain)).isEmpty();
    }

    @Test
    void registryOffersConfiguredNamesThatAreRegistered() {
        SerializerRegistry registry = new SerializerRegistry();
        registry.add("msgpack", FakeSerializer.MSGPACK);
        registry.add("json", FakeSerializer.JSON);
        assertThat(registry.offer(List.of())).containsExactly(FakeSerializer.JSON, FakeSerializer.MSGPACK);
        assertThat(registry.offer(List.of("msgpack", "cbor", "json"))).containsExactly(FakeSerializer.MSGPACK,
                FakeSerializer.JSON);
        FakeSerializer other = new FakeSerializer("json", "wamp.2.json", 1, false);
        assertThat(registry.remove("json", other)).isFalse();
        assertThat(registry.remove("json", FakeSerializer.JSON)).isTrue();
        assertThat(registry.offer(List.of("json"))).isEmpty();
    }

    @Test
    void registryChoosesARawSocketSerializerByIdAmongTheConfiguredOnes() {
        SerializerRegistry registry = new SerializerRegistry();
        registry.add("json", FakeSerializer.JSON);
        registry.add("msgpack", FakeSerializer.MSGPACK);
        assertThat(registry.choose(2, List.of())).isSameAs(FakeSerializer.MSGPACK);
        assertThat(registry.choose(2, List.of("json", "msgpack"))).isSameAs(FakeSerializer.MSGPACK);
        assertThat(registry.choose(2, List.of("json"))).as("registered, not configured").isNull();
        assertThat(registry.choose(3, List.of())).as("no serializer with that id").isNull();
        assertThat(registry.choose(0, List.of())).as("id 0 is illegal").isNull();
    }
}
