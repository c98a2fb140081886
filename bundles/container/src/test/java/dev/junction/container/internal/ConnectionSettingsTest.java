package dev.junction.container.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.spi.config.ConfigValidator;

/** Parsing of the connecting transports' configurations: what is accepted, and what each refusal names. */
class ConnectionSettingsTest {
    private static final String PID = "dev.junction.connect.rawsocket~x";

    private static ConfigValidator validator(Map<String, Object> props) {
        return new ConfigValidator(PID, props);
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void rawSocketFromCrossbarsEndpointKeys() {
        ConfigValidator v = validator(props("realm", "realm1", "endpoint.host", "10.0.0.5", "endpoint.port", "9000",
                "serializer", "msgpack"));
        ConnectionSettings s = ConnectionSettings.parse(v, "x", "rawsocket");
        assertThat(v.ok()).as(v.summary()).isTrue();
        assertThat(s.url()).hasToString("rs://10.0.0.5:9000");
        assertThat(s.serializers()).containsExactly("msgpack");
        assertThat(s.tls()).isNull();
        assertThat(s.unixSocket()).isNull();
    }

    @Test
    void rawSocketFromAUrlWithTlsAndAnEndpointPortThatWins() {
        ConfigValidator v = validator(props("realm", "realm1", "url", "rss://router.example.com:9001",
                "endpoint.port", 9443, "serializers", "cbor, json"));
        ConnectionSettings s = ConnectionSettings.parse(v, "x", "rawsocket");
        assertThat(v.ok()).as(v.summary()).isTrue();
        assertThat(s.url()).hasToString("rss://router.example.com:9443");
        assertThat(s.tls()).as("the JDK's default trust").isNotNull();
        assertThat(s.serializers()).containsExactly("cbor", "json");
    }

    @Test
    void rawSocketOverAUnixSocket() {
        ConfigValidator v = validator(props("realm", "realm1", "endpoint.type", "unix", "endpoint.path",
                "/run/junction/router.sock"));
        ConnectionSettings s = ConnectionSettings.parse(v, "x", "rawsocket");
        assertThat(v.ok()).as(v.summary()).isTrue();
        assertThat(s.unixSocket()).isEqualTo(Path.of("/run/junction/router.sock"));
        assertThat(s.target()).contains("unix socket /run/junction/router.sock");
    }

    @Test
    void refusalsNameThePidTheKeyAndWhatIsAllowed() {
        ConfigValidator noPath = validator(props("realm", "realm1", "endpoint.type", "unix"));
        assertThat(ConnectionSettings.parse(noPath, "x", "rawsocket")).isNull();
        assertThat(noPath.summary()).contains(PID).contains("endpoint.path").contains("required with endpoint.type "
                + "unix");

        ConfigValidator noPort = validator(props("realm", "realm1", "endpoint.host", "h"));
        assertThat(ConnectionSettings.parse(noPort, "x", "rawsocket")).isNull();
        assertThat(noPort.summary()).contains("endpoint.port");

        ConfigValidator wsUrl = validator(props("realm", "realm1", "url", "ws://h:1/ws"));
        assertThat(ConnectionSettings.parse(wsUrl, "x", "rawsocket")).isNull();
        assertThat(wsUrl.summary()).contains("url").contains("rs:// or rss://");

        ConfigValidator tlsWithoutWss = validator(props("realm", "realm1", "url", "ws://h:1/ws",
                "endpoint.tls.ca_certificates", "/etc/ca.pem"));
        assertThat(ConnectionSettings.parse(tlsWithoutWss, "x", "websocket")).isNull();
        assertThat(tlsWithoutWss.summary()).contains("wss://");

        ConfigValidator missingCa = validator(props("realm", "realm1", "url", "wss://h:1/ws",
                "endpoint.tls.ca_certificates", "/nonexistent/ca.pem"));
        assertThat(ConnectionSettings.parse(missingCa, "x", "websocket")).isNull();
        assertThat(missingCa.summary()).contains("endpoint.tls.ca_certificates").contains("/nonexistent/ca.pem");

        ConfigValidator keyless = validator(props("realm", "realm1", "url", "wss://h:1/ws",
                "endpoint.tls.certificate", "/etc/client.pem"));
        assertThat(ConnectionSettings.parse(keyless, "x", "websocket")).isNull();
        assertThat(keyless.summary()).contains("endpoint.tls.key");
    }
}
