package dev.junction.router.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import dev.junction.api.message.Payload;

/**
 * Event history (Advanced Profile) for the topics the realm configures ({@code event_history}, topic = limit): the
 * last {@code limit} publications of each such topic, in memory, in the order the broker received them. The spec
 * keeps history per subscription; a subscription's history here is the stored publications of every configured topic
 * it matches, so a subscription made later still sees what was published before it existed.
 *
 * <p>As the spec asks, a publication with {@code exclude} or {@code eligible} (lists of session ids, which mean
 * nothing to a later session) is not stored; authid/authrole black- and whitelists are stored and applied to the
 * caller of {@code wamp.subscription.get_events}.
 */
final class EventHistory {
    /** One stored publication; {@code sequence} orders publications across topics. */
    record Entry(long sequence, Instant time, long publication, String topic, Map<String, Object> details,
            ReceiverFilter filter, Payload payload) {
    }

    private final ConcurrentHashMap<String, Deque<Entry>> byTopic = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** Stores a publication if its topic has a history ({@code limit} > 0). */
    void record(String topic, int limit, long publication, Map<String, Object> details, ReceiverFilter filter,
            Map<String, Object> options, Payload payload) {
        if (limit <= 0 || options.containsKey("exclude") || options.containsKey("eligible")) {
            return;
        }
        Deque<Entry> events = byTopic.computeIfAbsent(topic, t -> new ArrayDeque<>());
        synchronized (events) {
            events.addLast(new Entry(sequence.incrementAndGet(), Instant.now(), publication, topic,
                    details, filter, payload));
            while (events.size() > limit) {
                events.removeFirst();
            }
        }
    }

    /** Forgets topics that are no longer configured and trims to the current limits. */
    void retain(Map<String, Integer> limits) {
        byTopic.keySet().removeIf(topic -> !limits.containsKey(topic));
        byTopic.forEach((topic, events) -> {
            synchronized (events) {
                while (events.size() > limits.get(topic)) {
                    events.removeFirst();
                }
            }
        });
    }

    /** The stored publications of every topic {@code matches} accepts, oldest first. */
    List<Entry> matching(Predicate<String> matches) {
        List<Entry> out = new ArrayList<>();
        byTopic.forEach((topic, events) -> {
            if (matches.test(topic)) {
                synchronized (events) {
                    out.addAll(events);
                }
            }
        });
        out.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return out;
    }

    /** The spec's event object for {@code wamp.subscription.get_events}. */
    static Map<String, Object> describe(Entry e, long subscription, boolean pattern) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("timestamp", e.time().toString()); // RFC 3339, UTC
        d.put("subscription", subscription);
        d.put("publication", e.publication());
        Map<String, Object> details = e.details();
        if (pattern) {
            details = new LinkedHashMap<>(details);
            details.put("topic", e.topic());
        }
        d.put("details", details);
        Payload p = e.payload();
        if (p != null && !p.isEmpty()) {
            d.put("args", p.args());
            if (p.hasKwargs()) {
                d.put("kwargs", p.kwargs());
            }
        }
        return d;
    }
}
