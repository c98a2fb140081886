package dev.junction.spi.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

    private static final String PID = "dev.example~one";

    private static ConfigValidator validator(Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new ConfigValidator(PID, properties);
    }

    @Test
    void absentKeysGiveDefaultsAndNoError() {
        ConfigValidator v = validator();
        assertThat(v.string("s", "d")).isEqualTo("d");
        assertThat(v.bool("b", true)).isTrue();
        assertThat(v.integer("i", 7, 1, 10)).isEqualTo(7);
        assertThat(v.millis("m", 0)).isZero();
        assertThat(v.list("l", List.of("x"))).containsExactly("x");
        assertThat(v.oneOf("o", "a", "a", "b")).isEqualTo("a");
        assertThat(v.ok()).isTrue();
    }

    @Test
    void typedAndStringValuesAreAccepted() {
        ConfigValidator v = validator("b1", Boolean.FALSE, "b2", "TRUE", "i1", 12, "i2", " 13 ", "i3", 14L, "i4", 15.0,
                "o", "Deflate");
        assertThat(v.bool("b1", true)).isFalse();
        assertThat(v.bool("b2", false)).isTrue();
        assertThat(v.integer("i1", 0, 0, 100)).isEqualTo(12);
        assertThat(v.integer("i2", 0, 0, 100)).isEqualTo(13);
        assertThat(v.integer("i3", 0, 0, 100)).isEqualTo(14);
        assertThat(v.integer("i4", 0, 0, 100)).isEqualTo(15);
        assertThat(v.oneOf("o", "none", "none", "deflate")).isEqualTo("deflate");
        assertThat(v.errors()).isEmpty();
    }

    @Test
    void listsArriveAsArraysCollectionsOrOneSeparatedString() {
        ConfigValidator v = validator("a", new String[] { "json", "msgpack" }, "c", List.of("json", "cbor"),
                "s", "json,msgpack", "w", " json  msgpack ,cbor ", "e", "");
        assertThat(v.list("a", List.of())).containsExactly("json", "msgpack");
        assertThat(v.list("c", List.of())).containsExactly("json", "cbor");
        assertThat(v.list("s", List.of())).containsExactly("json", "msgpack");
        assertThat(v.list("w", List.of())).containsExactly("json", "msgpack", "cbor");
        assertThat(v.list("e", List.of("x"))).isEmpty();
    }

    @Test
    void rangeErrorNamesPidKeyValueAndAllowedRange() {
        ConfigValidator v = validator("options.auto_ping_size", 5);
        assertThat(v.integer("options.auto_ping_size", 12, 12, 125)).isEqualTo(12);
        assertThat(v.summary()).isEqualTo("Configuration dev.example~one refused: options.auto_ping_size=5, allowed 12..125");
    }

    @Test
    void eachRuleReportsWhatIsAllowed() {
        ConfigValidator v = validator("b", "yes", "i", "ten", "m", 500, "o", "zip", "s", new String[] { "a", "b" },
                "f", 1.5);
        v.bool("b", false);
        v.integer("i", 0, 0, 10);
        v.millis("m", 0);
        v.oneOf("o", "none", "none", "deflate");
        v.string("s", "");
        v.integer("f", 0, 0, 10);
        assertThat(v.errors()).containsExactly(
                "b=yes, allowed true|false",
                "i=ten, allowed 0..10",
                "m=500, allowed 0 (off) or 1000..2147483647 ms",
                "o=zip, allowed none|deflate",
                "s=[a, b], allowed a single value",
                "f=1.5, allowed 0..10");
        assertThat(v.summary()).startsWith("Configuration dev.example~one refused: b=yes, allowed true|false; i=ten");
    }

    @Test
    void millisAcceptsZeroAndOneSecondOrMore() {
        assertThat(validator("m", 0).millis("m", 5)).isZero();
        assertThat(validator("m", 1000).millis("m", 5)).isEqualTo(1000);
        ConfigValidator v = validator("m", 999);
        v.millis("m", 5);
        assertThat(v.ok()).isFalse();
    }

    @Test
    void unknownKeysUnderAPrefixAreErrors() {
        ConfigValidator v = validator("options.a", 1, "options.typo", 2, "other.x", 3);
        v.onlyKnownKeys("options.", Set.of("options.a", "options.b"));
        assertThat(v.errors()).containsExactly("options.typo=2, unknown key (known under options.: options.a, options.b)");
    }

    @Test
    void prefixedKeysAreReturnedStripped() {
        ConfigValidator v = validator("auth.ticket.type", "static", "auth.anonymous.role", "public", "authx", 1);
        assertThat(v.withPrefix("auth.")).containsOnly(Map.entry("ticket.type", "static"),
                Map.entry("anonymous.role", "public"));
    }

    @Test
    void firstErrorPerKeyWinsAndEmptyStringsAreShownQuoted() {
        ConfigValidator v = validator("k", "");
        v.error("k", "", "required");
        v.error("k", "", "other");
        assertThat(v.errors()).containsExactly("k=\"\", required");
    }

    @Test
    void aRefusalNamesTheFileTheConfigurationCameFrom() {
        ConfigValidator fromFile = validator("endpoint.port", "x", "felix.fileinstall.filename",
                "file:/opt/junction/etc/dev.junction.transport.websocket-default.cfg");
        fromFile.error("endpoint.port", "x", "an integer");
        assertThat(fromFile.summary()).isEqualTo("Configuration dev.example~one refused: endpoint.port=x, an integer "
                + "(file /opt/junction/etc/dev.junction.transport.websocket-default.cfg)");
        ConfigValidator fromConsole = validator("endpoint.port", "x");
        fromConsole.error("endpoint.port", "x", "an integer");
        assertThat(fromConsole.summary()).isEqualTo("Configuration dev.example~one refused: endpoint.port=x, an integer");
    }

    @Test
    void instanceNameFromThePidOrTheFileInstallFile() {
        assertThat(ConfigValidator.instanceName(Map.of("service.pid", "dev.junction.transport.websocket~public"),
                "dev.junction.transport.websocket")).isEqualTo("public");
        assertThat(ConfigValidator.instanceName(Map.of("service.pid", "dev.junction.transport.websocket.8f2c",
                "felix.fileinstall.filename", "file:/opt/karaf/etc/dev.junction.transport.websocket-internal.cfg"),
                "x")).isEqualTo("internal");
        assertThat(ConfigValidator.instanceName(Map.of("service.pid", "dev.junction.transport.websocket.8f2c"), "x"))
                .isEqualTo("dev.junction.transport.websocket.8f2c");
        assertThat(ConfigValidator.instanceName(Map.of(), "dev.junction.connect.websocket"))
                .isEqualTo("dev.junction.connect.websocket");
    }
}
