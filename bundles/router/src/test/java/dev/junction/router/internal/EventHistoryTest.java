package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.junction.api.UriCheck;
import dev.junction.api.WampUris;
import dev.junction.api.message.Call;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;

/** Event history: realm key event_history (topic=limit), wamp.subscription.get_events. */
@Tag("event_history")
class EventHistoryTest extends RouterTestSupport {
    @BeforeEach
    void realmWithHistory() {
        router.putRealm("realm~h", new RealmSettings("hist", UriCheck.STRICT, true,
                Map.of("com.example.log", 3, "com.example.audit", 10)));
    }

    private static long subscribe(TestClient c, String topic, Map<String, Object> options) {
        c.deliver(new Subscribe(c.nextRequest(), options, topic));
        return c.expect(Subscribed.class).subscription();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(TestClient c, long subscription, Map<String, Object> kwargs) {
        c.deliver(new Call(c.nextRequest(), Map.of(), "wamp.subscription.get_events",
                Payload.of(List.of(subscription), kwargs)));
        return (List<Map<String, Object>>) c.expect(Result.class).payload().args().get(0);
    }

    private static void publish(TestClient c, String topic, Object arg, Map<String, Object> options) {
        c.deliver(new Publish(c.nextRequest(), options, topic, Payload.of(arg)));
    }

    @Test
    void keepsTheLastLimitPublicationsOfConfiguredTopicsOnly() {
        TestClient publisher = joinedTo("hist", Map.of());
        for (int i = 1; i <= 5; i++) {
            publish(publisher, "com.example.log", (long) i, Map.of());
        }
        publish(publisher, "com.example.other", "not kept", Map.of());
        // the subscription is made after the publications: history is kept per configured topic
        TestClient reader = joinedTo("hist", Map.of());
        long sub = subscribe(reader, "com.example.log", Map.of());
        List<Map<String, Object>> got = events(reader, sub, Map.of());
        assertThat(got).extracting(e -> (Object) ((List<?>) e.get("args")).get(0)).containsExactly(3L, 4L, 5L);
        assertThat(got.get(0)).containsKeys("timestamp", "publication", "details").containsEntry("subscription", sub);
        assertThat(events(reader, sub, Map.of("reverse", true, "limit", 2L)))
                .extracting(e -> (Object) ((List<?>) e.get("args")).get(0)).containsExactly(5L, 4L);

        long other = subscribe(reader, "com.example.other", Map.of());
        assertThat(events(reader, other, Map.of())).isEmpty();
    }

    @Test
    void patternSubscriptionsSeeEveryMatchingTopicInOrderWithTheTopic() {
        TestClient publisher = joinedTo("hist", Map.of());
        publish(publisher, "com.example.log", "a", Map.of());
        publish(publisher, "com.example.audit", "b", Map.of());
        publish(publisher, "com.example.log", "c", Map.of());
        TestClient reader = joinedTo("hist", Map.of());
        long sub = subscribe(reader, "com.example", Map.of("match", "prefix"));
        List<Map<String, Object>> got = events(reader, sub, Map.of());
        assertThat(got).extracting(e -> (Object) ((List<?>) e.get("args")).get(0)).containsExactly("a", "b", "c");
        assertThat(got).extracting(e -> (Object) ((Map<?, ?>) e.get("details")).get("topic"))
                .containsExactly("com.example.log", "com.example.audit", "com.example.log");
    }

    @Test
    void appliesAuthroleListsAndDoesNotKeepSessionIdLists() {
        TestClient publisher = joinedTo("hist", Map.of());
        publish(publisher, "com.example.log", "for admins", Map.of("eligible_authrole", List.of("admin")));
        publish(publisher, "com.example.log", "for one session", Map.of("eligible", List.of(1L)));
        publish(publisher, "com.example.log", "for all", Map.of());
        TestClient reader = joinedTo("hist", Map.of()); // authrole anonymous
        long sub = subscribe(reader, "com.example.log", Map.of());
        assertThat(events(reader, sub, Map.of())).extracting(e -> (Object) ((List<?>) e.get("args")).get(0))
                .containsExactly("for all");
    }

    @Test
    void refusesBadArguments() {
        TestClient reader = joinedTo("hist", Map.of());
        long sub = subscribe(reader, "com.example.log", Map.of());
        reader.deliver(new Call(reader.nextRequest(), Map.of(), "wamp.subscription.get_events",
                Payload.of(List.of(sub), Map.of("limit", 0L))));
        assertThat(reader.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_INVALID_ARGUMENT);
        reader.deliver(new Call(reader.nextRequest(), Map.of(), "wamp.subscription.get_events", Payload.of(999L)));
        assertThat(reader.expect(ErrorMessage.class).error()).isEqualTo(WampUris.ERROR_NO_SUCH_SUBSCRIPTION);
    }

    private static List<Object> firstArgs(List<Map<String, Object>> events) {
        return events.stream().map(e -> ((List<?>) e.get("args")).get(0)).map(Object.class::cast).toList();
    }

    private static String refusal(TestClient c, long subscription, Map<String, Object> kwargs) {
        c.deliver(new Call(c.nextRequest(), Map.of(), "wamp.subscription.get_events",
                Payload.of(List.of(subscription), kwargs)));
        return c.expect(ErrorMessage.class).error();
    }

    @Test
    void publicationFiltersCountFromTheNamedPublicationInReceivedOrder() {
        TestClient publisher = joinedTo("hist", Map.of());
        for (long i = 1; i <= 6; i++) {
            publish(publisher, "com.example.audit", i, Map.of());
        }
        TestClient reader = joinedTo("hist", Map.of());
        long sub = subscribe(reader, "com.example.audit", Map.of());
        List<Map<String, Object>> all = events(reader, sub, Map.of());
        assertThat(firstArgs(all)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        Object third = all.get(2).get("publication");
        Object fifth = all.get(4).get("publication");
        assertThat(firstArgs(events(reader, sub, Map.of("from_publication", third)))).containsExactly(3L, 4L, 5L, 6L);
        assertThat(firstArgs(events(reader, sub, Map.of("after_publication", third)))).containsExactly(4L, 5L, 6L);
        assertThat(firstArgs(events(reader, sub, Map.of("before_publication", third)))).containsExactly(1L, 2L);
        assertThat(firstArgs(events(reader, sub, Map.of("until_publication", third)))).containsExactly(1L, 2L, 3L);
        // several filters: AND; then reverse, then limit (paging backwards from the fifth)
        assertThat(firstArgs(events(reader, sub, Map.of("after_publication", third, "until_publication", fifth))))
                .containsExactly(4L, 5L);
        assertThat(firstArgs(events(reader, sub, Map.of("before_publication", fifth, "reverse", true, "limit", 2L))))
                .containsExactly(4L, 3L);
        // a publication that is not in the history cannot anchor a page
        assertThat(refusal(reader, sub, Map.of("after_publication", 42L))).isEqualTo(WampUris.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void timeFiltersCompareTheStoredTimestamps() {
        TestClient publisher = joinedTo("hist", Map.of());
        for (long i = 1; i <= 3; i++) {
            publish(publisher, "com.example.audit", i, Map.of());
        }
        TestClient reader = joinedTo("hist", Map.of());
        long sub = subscribe(reader, "com.example.audit", Map.of());
        List<Map<String, Object>> all = events(reader, sub, Map.of());
        String first = (String) all.get(0).get("timestamp");
        String last = (String) all.get(2).get("timestamp");
        java.time.Instant t0 = java.time.Instant.parse(first);
        java.time.Instant t2 = java.time.Instant.parse(last);
        // boundaries: >= and <= include the event at the given time, > and < exclude it
        assertThat(firstArgs(events(reader, sub, Map.of("from_time", first)))).containsExactly(1L, 2L, 3L);
        assertThat(firstArgs(events(reader, sub, Map.of("until_time", last)))).containsExactly(1L, 2L, 3L);
        assertThat(events(reader, sub, Map.of("after_time", last))).isEmpty();
        assertThat(events(reader, sub, Map.of("before_time", first))).isEmpty();
        assertThat(firstArgs(events(reader, sub, Map.of("after_time", t0.minusMillis(1).toString(), "before_time",
                t2.plusMillis(1).toString())))).containsExactly(1L, 2L, 3L);
        // any RFC 3339 offset and a lower-case t/z mean the same instant
        String inPlusTwo = t2.plusMillis(1).atOffset(java.time.ZoneOffset.ofHours(2)).toString();
        assertThat(firstArgs(events(reader, sub, Map.of("before_time", inPlusTwo)))).containsExactly(1L, 2L, 3L);
        assertThat(events(reader, sub, Map.of("after_time", last.toLowerCase(java.util.Locale.ROOT)))).isEmpty();
        assertThat(refusal(reader, sub, Map.of("from_time", "yesterday"))).isEqualTo(WampUris.ERROR_INVALID_ARGUMENT);
        assertThat(refusal(reader, sub, Map.of("from_time", 17L))).isEqualTo(WampUris.ERROR_INVALID_ARGUMENT);
    }

    @Test
    void theTopicFilterNarrowsAPatternSubscription() {
        TestClient publisher = joinedTo("hist", Map.of());
        publish(publisher, "com.example.log", "a", Map.of());
        publish(publisher, "com.example.audit", "b", Map.of());
        publish(publisher, "com.example.log", "c", Map.of());
        TestClient reader = joinedTo("hist", Map.of());
        long sub = subscribe(reader, "com.example", Map.of("match", "prefix"));
        assertThat(firstArgs(events(reader, sub, Map.of("topic", "com.example.log")))).containsExactly("a", "c");
        assertThat(firstArgs(events(reader, sub, Map.of("topic", "com.example.audit")))).containsExactly("b");
        assertThat(events(reader, sub, Map.of("topic", "com.example.other"))).isEmpty();
    }

    @Test
    void realmConfigurationParsesTopicEqualsLimitAndRefusesAnythingElse() {
        assertThat(RealmComponent.settings("dev.junction.realm~x", Map.of("name", "realm1", "event_history",
                "com.example.log=100, com.example.audit=5")).eventHistory())
                .containsExactlyInAnyOrderEntriesOf(Map.of("com.example.log", 100, "com.example.audit", 5));
        assertThat(RealmComponent.settings("dev.junction.realm~x", Map.of("name", "realm1", "event_history",
                "com.example.log"))).isNull();
        assertThat(RealmComponent.settings("dev.junction.realm~x", Map.of("name", "realm1", "event_history",
                "com.example.log=0"))).isNull();
    }
}
