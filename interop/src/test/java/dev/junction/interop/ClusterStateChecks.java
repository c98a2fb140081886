package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One realm's state across the two nodes of {@link ClusterIT}, as autobahn-python clients see it
 * ({@code python/cluster_state.py}): retained events and event history published on B are there on A, the session
 * meta API of each node answers for (and kills) the other's sessions, the subscription and registration meta API
 * of A answers for B's subscriptions and registrations, a cookie handed out and authenticated on A
 * authenticates on B, and a dynamic authenticator registered by a client of A decides logins on B. Each negative
 * check has its positive control in the script.
 */
final class ClusterStateChecks {
    private ClusterStateChecks() {
    }

    static void run(JunctionServer a, JunctionServer b, Path pyDir) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(a.env());
        env.put("JUNCTION_URL_A", a.url());
        env.put("JUNCTION_URL_B", b.url());
        env.put("JUNCTION_COOKIE_PORT_A", a.env().get("JUNCTION_PORT_COOKIE"));
        env.put("JUNCTION_COOKIE_PORT_B", b.env().get("JUNCTION_PORT_COOKIE"));
        env.put("JUNCTION_AUTHDYN_PORT_B", b.env().get("JUNCTION_PORT_AUTHDYN"));
        ExternalSuite.Result r = ExternalSuite.run("cluster-state", List.of(PythonSuiteIT.PYTHON, "-u",
                "cluster_state.py"), pyDir, env, Duration.ofSeconds(180));
        assertThat(r.exitCode()).as(r.tail(30)).isZero();
        String result = r.output().stream().filter(l -> l.contains("RESULT {")).reduce((x, y) -> y)
                .orElseThrow(() -> new AssertionError("no RESULT line\n" + r.tail(30)));

        // Retention: the last retained event of B's publisher on A; eligible applies on A; no retain, no event.
        assertThat(result).as("retained on A").contains("\"ret_on_a\": [[\"second\"]]")
                .contains("\"ret_on_b\": [[\"second\"]]")
                .contains("\"ret2_on_a\": [[\"after plain\"]]").contains("\"plain_on_a\": []")
                .contains("\"elig_a2\": [[\"for a2\"]]").contains("\"elig_a1\": []");
        // History: both nodes answer get_events with B's last three publications.
        assertThat(result).as("history").contains("\"history_a_ok\": true", "\"history_b_ok\": true",
                "\"history_same\": true");
        // Session meta API across the nodes.
        assertThat(result).as("session meta").contains("\"list_same\": true", "\"get_remote\": true",
                "\"get_unknown\": \"wamp.error.no_such_session\"", "\"victim_reason\": \"wamp.close.killed\"",
                "\"bystander_alive\": true", "\"killed_by_authid\": 1",
                "\"bystander_reason\": \"wamp.close.normal\"", "\"meta_events_on_a\": true");
        assertThat(number(result, "count_a")).isEqualTo(number(result, "count_b")).isGreaterThanOrEqualTo(5);
        // Subscription and registration meta API: B's on A; A's own id first; gone when B unsubscribes.
        assertThat(result).as("subscription/registration meta").contains(
                "\"sub_get_on_a\": [true, ", "\"sub_subscribers_on_a\": true", "\"sub_count_on_a\": 1",
                "\"sub_lookup_none\": null", "\"sub_in_list_on_a\": true", "\"sub_in_match_on_a\": true",
                "\"reg_get_on_a\": [true, true, \"single\"]", "\"reg_callees_on_a\": 1",
                "\"reg_match_on_a\": true", "\"lookup_prefers_own\": true",
                "\"remove_not_subscriber\": \"wamp.error.no_such_subscription\"", "\"remove_remote\": null",
                "\"same_id_on_b\": true", "\"sub_after_remove\": true", "\"remove_callee\": null",
                "\"reg_removed_on_a\": true",
                "\"sub_get_gone\": \"wamp.error.no_such_subscription\"", "\"sub_match_after\": true");
        // A cookie from A on B; a forged one is refused on B.
        assertThat(result).as("cookie").contains("\"cookie_first\": \"ticket\"",
                "\"cookie_on_b\": [\"alice\", \"user\", \"cookie\"]",
                "\"forged_on_b\": \"wamp.error.no_matching_auth_method\"");
        // A dynamic authenticator on A decides logins on B.
        assertThat(result).as("dynamic authentication").contains(
                "\"dynamic_on_b\": [\"dyn-user\", \"user\", \"dynamic\"]",
                "\"dynamic_wrong\": \"wamp.error.authentication_failed\"");
    }

    private static long number(String json, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\": (\\d+)").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
