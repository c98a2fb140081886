package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SharedClientRolesTest {

    private static Map<String, Object> roles(String feature) {
        return Map.of("caller", Map.of("features", Map.of(feature, true)), "subscriber", Map.of());
    }

    @Test
    void equalRolesOfTwoSessionsAreOneInstanceAndStillAnswerTheirFeatures() {
        Map<String, Object> first = roles("progressive_call_results");
        Map<String, Object> second = roles("progressive_call_results");
        assertThat(second).isNotSameAs(first);

        SessionInfo a = new SessionInfo(1, "realm1", "a", "anonymous", "anonymous", "static", Map.of(), first);
        SessionInfo b = new SessionInfo(2, "realm1", "b", "anonymous", "anonymous", "static", Map.of(), second);

        assertThat(b.clientRoles()).isSameAs(a.clientRoles());
        assertThat(b.announces("caller", "progressive_call_results")).isTrue();
    }

    @Test
    void controlDifferentRolesStayApart() {
        Map<String, Object> other = SharedClientRoles.of(roles("call_timeout"));
        assertThat(other).isNotSameAs(SharedClientRoles.of(roles("progressive_call_results")));
        assertThat(SharedClientRoles.of(null)).isNull();
    }
}
