package dev.junction.transport.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.transport.endpoint.EndpointSettings;

class TransportSettingsTest {

    private static final String PID = "dev.junction.transport.websocket~default";

    private static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", PID);
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private static TransportSettings parse(Object... keyValues) throws Exception {
        return TransportSettings.parse(props(keyValues), name -> "PORT".equals(name) ? "9123" : null);
    }

    private static String refusal(Object... keyValues) {
        try {
            parse(keyValues);
        } catch (TransportSettings.RefusedException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not refused");
    }

    @Test
    void maxSessionsDefaultsTo20000AndAcceptsZeroForUnlimited() throws Exception {
        assertThat(parse().maxSessions()).isEqualTo(20_000);
        assertThat(parse("max_sessions", "0").maxSessions()).isZero();
        assertThat(parse("max_sessions", 5).maxSessions()).isEqualTo(5);
        assertThat(refusal("max_sessions", -1)).contains("max_sessions=-1, allowed 0..2147483647");
    }

    @Test
    void defaultsAreCrossbars() throws Exception {
        TransportSettings s = parse();
        assertThat(s.id()).isEqualTo("default");
        assertThat(s.debug()).isFalse();
        assertThat(s.endpoint()).isEqualTo(new EndpointSettings("tcp", 8080, "127.0.0.1", 50, null));
        assertThat(s.url()).isNull();
        assertThat(s.serializers()).isEmpty();
        assertThat(s.authConfig()).isEmpty();
        assertThat(s.notices()).isEmpty();
        TransportSettings.Options o = s.options();
        assertThat(o.maxFrameSize()).isZero();
        assertThat(o.maxMessageSize()).isEqualTo(16 * 1024 * 1024);
        assertThat(o.autoFragmentSize()).isZero();
        assertThat(o.openHandshakeTimeout()).isEqualTo(10_000);
        assertThat(o.closeHandshakeTimeout()).isEqualTo(5_000);
        assertThat(o.autoPingInterval()).isZero();
        assertThat(o.autoPingTimeout()).isZero();
        assertThat(o.autoPingSize()).isEqualTo(12);
        assertThat(o.autoPingRestartOnAnyTraffic()).isTrue();
        assertThat(o.requireWebsocketSubprotocol()).isTrue();
        assertThat(o.allowedOrigins()).containsExactly("*");
        assertThat(o.allowNullOrigin()).isTrue();
        assertThat(o.enableWebstatus()).isTrue();
        assertThat(o.showServerVersion()).isFalse();
        assertThat(o.tcpNoDelay()).isTrue();
        assertThat(o.validateUtf8()).isTrue();
        assertThat(o.failByDrop()).isFalse();
        assertThat(o.echoCloseCodeReason()).isFalse();
        assertThat(o.deflate()).isNull();
    }

    @Test
    void idComesFromTheInstanceName() throws Exception {
        assertThat(parse("id", "ws1").id()).isEqualTo("ws1");
        assertThat(TransportSettings.instanceName(Map.of("service.pid", "dev.junction.transport.websocket~public")))
                .isEqualTo("public");
        assertThat(TransportSettings.instanceName(Map.of("service.pid", "dev.junction.transport.websocket.8f2c",
                "felix.fileinstall.filename", "file:/opt/karaf/etc/dev.junction.transport.websocket-internal.cfg")))
                .isEqualTo("internal");
        assertThat(TransportSettings.instanceName(Map.of("service.pid", "dev.junction.transport.websocket.8f2c")))
                .isEqualTo("dev.junction.transport.websocket.8f2c");
    }

    @Test
    void typeMustBeWebsocket() {
        assertThat(refusal("type", "rawsocket")).isEqualTo(
                "Configuration " + PID + " refused: type=rawsocket, allowed websocket");
    }

    @Test
    void endpointRules() throws Exception {
        assertThat(refusal("endpoint.port", 70000)).contains(
                "endpoint.port=70000, allowed 1..65535 (0 = any free port) or $ENVIRONMENT_VARIABLE");
        assertThat(refusal("endpoint.port", "$NOPE")).contains("endpoint.port=$NOPE (environment: null)");
        assertThat(parse("endpoint.port", "$PORT").endpoint().port()).isEqualTo(9123);
        assertThat(parse("endpoint.port", "8081").endpoint().port()).isEqualTo(8081);
        assertThat(refusal("endpoint.backlog", 0)).contains("endpoint.backlog=0, allowed 1..65535");
        assertThat(refusal("endpoint.type", "onion")).contains("endpoint.type=onion, allowed tcp|unix");
        assertThat(parse("endpoint.interface", "").endpoint().host()).isNull();
        assertThat(parse("endpoint.interface", "0.0.0.0").endpoint().host()).isNull();
        assertThat(parse("endpoint.interface", "[::1]").endpoint().host()).isEqualTo("::1");
        assertThat(refusal("endpoint.interface", "a b")).contains("endpoint.interface=a b, allowed an IP address");
    }

    @Test
    void unixNeedsAPathAndTcpRefusesOne() throws Exception {
        assertThat(refusal("endpoint.type", "unix")).isEqualTo(
                "Configuration " + PID + " refused: endpoint.path=\"\", required with endpoint.type=unix");
        TransportSettings s = parse("endpoint.type", "unix", "endpoint.path", "/run/j.sock", "endpoint.port", 8080);
        assertThat(s.endpoint()).isEqualTo(new EndpointSettings("unix", 0, null, 50, Path.of("/run/j.sock")));
        assertThat(s.endpoint().describe(-1)).isEqualTo("unix:/run/j.sock");
        assertThat(refusal("endpoint.path", "/tmp/x")).contains(
                "endpoint.path=/tmp/x, allowed only with endpoint.type=unix");
    }

    @Test
    void unknownAndUnsupportedEndpointKeysAreRefused() {
        assertThat(refusal("endpoint.prot", 1)).contains("endpoint.prot=1, unknown key (known under endpoint.: ");
        assertThat(refusal("endpoint.version", 6)).contains("endpoint.version=6, not supported by Junction");
        // TLS is parsed by the shared endpoint code (its own tests cover the keys); a half TLS block is refused here too.
        assertThat(refusal("endpoint.tls.key", "server.key")).contains(
                "endpoint.tls.certificate=\"\", required with endpoint.tls.key");
        assertThat(refusal("endpoint.tls.key", "/nonexistent/server.key", "endpoint.tls.certificate",
                "/nonexistent/server.crt")).contains("endpoint.tls.key=/nonexistent/server.key, cannot read: no such file");
    }

    @Test
    void unknownOptionIsRefusedAndCrossbarLegacyOptionsAreAcceptedWithANotice() throws Exception {
        assertThat(refusal("options.max_mesage_size", 1)).contains(
                "options.max_mesage_size=1, unknown key (known under options.: ");
        TransportSettings s = parse("options.enable_hybi10", true);
        assertThat(s.notices()).containsExactly(
                "options.enable_hybi10=true is accepted for Crossbar compatibility but has no effect in Junction");
    }

    @Test
    void optionRanges() throws Exception {
        assertThat(refusal("options.auto_ping_size", 5)).isEqualTo(
                "Configuration " + PID + " refused: options.auto_ping_size=5, allowed 12..125");
        assertThat(refusal("options.auto_ping_size", 126)).contains("allowed 12..125");
        for (String key : List.of("options.open_handshake_timeout", "options.close_handshake_timeout",
                "options.auto_ping_interval", "options.auto_ping_timeout")) {
            assertThat(refusal(key, 999)).contains(key + "=999, allowed 0 (off) or 1000..");
            assertThat(parse(key, 1000).options()).isNotNull();
        }
        assertThat(refusal("options.max_message_size", 64 * 1024 * 1024 + 1)).contains(
                "options.max_message_size=67108865, allowed 0 (unlimited) or 1..67108864 (64 MiB)");
        assertThat(parse("options.max_message_size", 0).options().maxMessageSize()).isZero();
        assertThat(refusal("options.max_frame_size", -1)).contains("options.max_frame_size=-1, allowed 0..");
        assertThat(refusal("options.auto_fragment_size", -1)).contains("options.auto_fragment_size=-1");
        assertThat(refusal("options.tcp_nodelay", "maybe")).contains("options.tcp_nodelay=maybe, allowed true|false");
    }

    @Test
    void severalErrorsGoIntoOneLine() {
        String line = refusal("options.auto_ping_size", 5, "endpoint.backlog", 0);
        assertThat(line).startsWith("Configuration " + PID + " refused: ")
                .contains("endpoint.backlog=0, allowed 1..65535")
                .contains("; ")
                .contains("options.auto_ping_size=5, allowed 12..125")
                .doesNotContain("\n");
    }

    @Test
    void compression() throws Exception {
        assertThat(refusal("options.compression", "gzip")).contains("options.compression=gzip, allowed none|deflate");
        TransportSettings s = parse("options.compression", "deflate",
                "options.compression.deflate.request_no_context_takeover", "true",
                "options.compression.deflate.max_window_bits", 11,
                "options.compression.deflate.memory_level", 4,
                "options.compression.deflate.request_max_window_bits", 11);
        assertThat(s.options().deflate()).isEqualTo(new TransportSettings.Deflate(true, 11, false, 11, 4));
        assertThat(s.notices()).hasSize(3).allMatch(n -> n.contains("cannot be honoured"));
        assertThat(refusal("options.compression.deflate.max_window_bits", 8)).contains(
                "options.compression.deflate.max_window_bits=8, allowed 0 (zlib default, 15) or 9..15");
        assertThat(refusal("options.compression.deflate.memory_level", 10)).contains("allowed 0 (zlib default, 8) or 1..9");
        assertThat(refusal("options.compression.deflate.request_max_window_bits", 16)).contains(
                "allowed 0 (do not request) or 9..15");
        assertThat(parse("options.compression.deflate.memory_level", 4).options().deflate()).isNull();
    }

    @Test
    void validateUtf8FalseIsANotice() throws Exception {
        assertThat(parse("options.validate_utf8", false).notices()).singleElement().asString()
                .contains("always validated");
    }

    @Test
    void url() throws Exception {
        assertThat(parse("url", "ws://example.com:8080/ws").url()).isEqualTo(URI.create("ws://example.com:8080/ws"));
        assertThat(parse("url", "wss://example.com/").url()).isNotNull();
        assertThat(refusal("url", "ws://example.com/ws?x=1")).contains("url=ws://example.com/ws?x=1, allowed a ws://");
        assertThat(refusal("url", "http://example.com/")).contains("url=http://example.com/");
        assertThat(refusal("url", "ws:// bad")).contains("url=ws:// bad");
    }

    @Test
    void serializersAndOrigins() throws Exception {
        assertThat(parse("serializers", "json, msgpack").serializers()).containsExactly("json", "msgpack");
        assertThat(parse("serializers", new String[] { "MsgPack", "json", "msgpack" }).serializers())
                .containsExactly("msgpack", "json");
        assertThat(refusal("serializers", "json,wamp/2")).contains("serializers=json,wamp/2, allowed serializer names");
        assertThat(parse("options.allowed_origins", "https://*.example.com http://localhost:*").options()
                .allowedOrigins()).containsExactly("https://*.example.com", "http://localhost:*");
    }

    @Test
    void authKeysPassThroughAndCookieKeysSwitchTrackingOn() throws Exception {
        TransportSettings s = parse("auth.ticket.type", "static", "auth.anonymous.role", "public",
                "cookie.name", "cbtid");
        assertThat(s.authConfig()).containsOnly(Map.entry("ticket.type", "static"),
                Map.entry("anonymous.role", "public"));
        assertThat(s.cookie().name()).isEqualTo("cbtid");
        assertThat(s.cookie().storeType()).isEqualTo("memory");
        assertThat(parse("auth.ticket.type", "static").cookie()).isNull();
    }

    @Test
    void authKeysAreCheckedWhenTheConfigurationIsApplied() throws Exception {
        assertThat(refusal("auth.tiket.type", "static")).contains("auth.tiket.type=static, allowed methods");
        assertThat(refusal("auth.tls.type", "static")).contains("auth.tls.type=static", "endpoint.tls.ca_certificates");
        assertThat(refusal("auth.cookie.type", "static", "auth.ticket.type", "static")).contains("cookie tracking");
        assertThat(parse("auth.cookie.type", "static", "auth.ticket.type", "static", "cookie.name", "cbtid")
                .authConfig()).containsKeys("cookie.type", "ticket.type"); // control
    }

    @Test
    void outgoingFragmentSizeIsTheSmallerNonZeroLimit() throws Exception {
        assertThat(parse().options().outgoingFragmentSize()).isZero();
        assertThat(parse("options.auto_fragment_size", 1000).options().outgoingFragmentSize()).isEqualTo(1000);
        assertThat(parse("options.max_frame_size", 500).options().outgoingFragmentSize()).isEqualTo(500);
        assertThat(parse("options.max_frame_size", 500, "options.auto_fragment_size", 1000).options()
                .outgoingFragmentSize()).isEqualTo(500);
    }

    @Test
    void endpointDescription() {
        assertThat(new EndpointSettings("tcp", 8080, null, 50, null).describe(8080)).isEqualTo("tcp:*:8080");
        assertThat(new EndpointSettings("tcp", 0, "::1", 50, null).describe(4242)).isEqualTo("tcp:[::1]:4242");
    }
}
