package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.api.UriCheck;

class RealmComponentTest {

    @Test
    void acceptsCrossbarRealmNamesAndBothUriChecks() {
        assertThat(RealmComponent.settings("p", Map.of("name", "realm1")))
                .isEqualTo(new RealmSettings("realm1", UriCheck.STRICT));
        assertThat(RealmComponent.settings("p", Map.of("name", "com.example-realm@x", "uri_check", "loose")))
                .isEqualTo(new RealmSettings("com.example-realm@x", UriCheck.LOOSE));
    }

    @Test
    void refusesBadNamesAndUnknownUriChecks() {
        assertThat(RealmComponent.settings("p", Map.of())).isNull();
        assertThat(RealmComponent.settings("p", Map.of("name", "r1"))).isNull();
        assertThat(RealmComponent.settings("p", Map.of("name", "1realm"))).isNull();
        assertThat(RealmComponent.settings("p", Map.of("name", "realm1", "uri_check", "lenient"))).isNull();
    }

    @Test
    void readsTheOutboundLimitsAndMaxPendingCallsAsKarafStringsWithDocumentedDefaults() {
        RealmSettings defaults = RealmComponent.settings("p", Map.of("name", "realm1"));
        assertThat(defaults.outbound()).isEqualTo(new OutboundLimits(OutboundLimits.Policy.DROP, 4 * 1024 * 1024,
                10_000));
        assertThat(defaults.maxPendingCalls()).isEqualTo(1000);

        RealmSettings set = RealmComponent.settings("p", Map.of("name", "realm1", "outbound.policy", "Disconnect",
                "outbound.max_bytes", "65536", "outbound.max_messages", "64", "max_pending_calls", "0"));
        assertThat(set.outbound()).isEqualTo(new OutboundLimits(OutboundLimits.Policy.DISCONNECT, 65536, 64));
        assertThat(set.maxPendingCalls()).isZero();
    }

    @Test
    void refusesBadOutboundLimits() {
        assertThat(RealmComponent.settings("p", Map.of("name", "realm1", "outbound.policy", "block"))).isNull();
        assertThat(RealmComponent.settings("p", Map.of("name", "realm1", "outbound.max_bytes", 1023))).isNull();
        assertThat(RealmComponent.settings("p", Map.of("name", "realm1", "outbound.max_messages", 0))).isNull();
        assertThat(RealmComponent.settings("p", Map.of("name", "realm1", "max_pending_calls", -1))).isNull();
        assertThat(RealmComponent.settings("p", Map.of("name", "realm1", "outbound.max_bytes", 1024))).isNotNull();
    }

    @Test
    void aSecondConfigurationCannotTakeARealmName() {
        Router router = new Router(RouterSettings.DEFAULTS);
        assertThat(router.putRealm("a", new RealmSettings("realm1", UriCheck.STRICT))).isNull();
        assertThat(router.putRealm("b", new RealmSettings("realm1", UriCheck.STRICT))).contains("already configured by a");
        router.shutdown();
    }
}
