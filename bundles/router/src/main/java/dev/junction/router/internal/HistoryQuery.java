package dev.junction.router.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The keyword arguments of {@code wamp.subscription.get_events} as the spec's event history defines them: {@code reverse},
 * {@code limit}, the time filters {@code from_time} (&ge;), {@code after_time} (&gt;), {@code before_time} (&lt;),
 * {@code until_time} (&le;) as RFC 3339 timestamps, {@code topic} (for pattern subscriptions), and the publication
 * filters {@code from_publication}, {@code after_publication}, {@code before_publication}, {@code until_publication}.
 * All given filters apply together (logical AND); then the order is reversed if asked, then {@code limit} cuts.
 *
 * <p>Publication ids are random, so a publication filter finds the named publication among the subscription's stored
 * events and compares positions in the order the broker received them. A publication that is not (or no longer) in
 * the history is refused with {@link IllegalArgumentException}: an empty answer would let a client paging with
 * {@code after_publication} believe it has reached the end.
 */
record HistoryQuery(boolean reverse, int limit, Instant fromTime, Instant afterTime, Instant beforeTime,
        Instant untilTime, String topic, Long fromPublication, Long afterPublication, Long beforePublication,
        Long untilPublication) {

    /** Reads the keyword arguments; throws {@link IllegalArgumentException} naming the bad one. */
    static HistoryQuery parse(Map<String, Object> kwargs) {
        Object reverse = kwargs.getOrDefault("reverse", false);
        if (!(reverse instanceof Boolean)) {
            throw new IllegalArgumentException("reverse must be a boolean");
        }
        Long limit = positive(kwargs, "limit");
        Object topic = kwargs.get("topic");
        if (topic != null && !(topic instanceof String)) {
            throw new IllegalArgumentException("topic must be a URI");
        }
        return new HistoryQuery((Boolean) reverse, limit == null ? Integer.MAX_VALUE : (int) Math.min(limit,
                Integer.MAX_VALUE), time(kwargs, "from_time"), time(kwargs, "after_time"), time(kwargs, "before_time"),
                time(kwargs, "until_time"), (String) topic, positive(kwargs, "from_publication"),
                positive(kwargs, "after_publication"), positive(kwargs, "before_publication"),
                positive(kwargs, "until_publication"));
    }

    /** The entries (oldest first, as stored) this query selects, in the order it asks for. */
    List<EventHistory.Entry> select(List<EventHistory.Entry> stored) {
        long from = position(stored, fromPublication, "from_publication");
        long after = position(stored, afterPublication, "after_publication");
        long before = position(stored, beforePublication, "before_publication");
        long until = position(stored, untilPublication, "until_publication");
        List<EventHistory.Entry> out = new ArrayList<>();
        for (EventHistory.Entry e : stored) {
            long s = e.sequence();
            Instant t = e.time();
            if ((fromPublication == null || s >= from) && (afterPublication == null || s > after)
                    && (beforePublication == null || s < before) && (untilPublication == null || s <= until)
                    && (fromTime == null || !t.isBefore(fromTime)) && (afterTime == null || t.isAfter(afterTime))
                    && (beforeTime == null || t.isBefore(beforeTime)) && (untilTime == null || !t.isAfter(untilTime))
                    && (topic == null || topic.equals(e.topic()))) {
                out.add(e);
            }
        }
        if (reverse) {
            Collections.reverse(out);
        }
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    private static long position(List<EventHistory.Entry> stored, Long publication, String key) {
        if (publication == null) {
            return 0;
        }
        for (EventHistory.Entry e : stored) {
            if (e.publication() == publication) {
                return e.sequence();
            }
        }
        throw new IllegalArgumentException(key + " " + publication + " is not in this subscription's history");
    }

    private static Long positive(Map<String, Object> kwargs, String key) {
        Object v = kwargs.get(key);
        if (v == null) {
            return null;
        }
        Long l = MetaApi.idValue(v);
        if (l == null || l < 1) {
            throw new IllegalArgumentException(key + " must be a positive integer, was " + v);
        }
        return l;
    }

    private static Instant time(Map<String, Object> kwargs, String key) {
        Object v = kwargs.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            try {
                // RFC 3339 allows a lower-case t and z; ISO 8601 parsing wants them upper-case
                return OffsetDateTime.parse(s.toUpperCase(Locale.ROOT)).toInstant();
            } catch (DateTimeParseException e) {
                // answered below
            }
        }
        throw new IllegalArgumentException(key + " must be an RFC 3339 timestamp such as 2026-12-06T04:10:00Z, was "
                + v);
    }
}
