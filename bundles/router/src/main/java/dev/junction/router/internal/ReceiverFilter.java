package dev.junction.router.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Subscriber black- and whitelisting (PUBLISH options {@code exclude}, {@code exclude_authid},
 * {@code exclude_authrole}, {@code eligible}, {@code eligible_authid}, {@code eligible_authrole}): a subscriber
 * receives the event when it is eligible by every given whitelist and excluded by no blacklist.
 */
final class ReceiverFilter {
    private static final String[] KEYS = { "exclude", "exclude_authid", "exclude_authrole", "eligible",
            "eligible_authid", "eligible_authrole" };

    private final Set<Object> exclude;
    private final Set<Object> excludeAuthid;
    private final Set<Object> excludeAuthrole;
    private final Set<Object> eligible;
    private final Set<Object> eligibleAuthid;
    private final Set<Object> eligibleAuthrole;

    private ReceiverFilter(Map<String, Object> options) {
        exclude = set(options, "exclude", Long.class);
        excludeAuthid = set(options, "exclude_authid", String.class);
        excludeAuthrole = set(options, "exclude_authrole", String.class);
        eligible = set(options, "eligible", Long.class);
        eligibleAuthid = set(options, "eligible_authid", String.class);
        eligibleAuthrole = set(options, "eligible_authrole", String.class);
    }

    /**
     * The filter of a publication, or {@code null} when it names none of the lists (the common case costs one map
     * probe per key).
     *
     * @throws IllegalArgumentException when a list is not a list of session ids or of strings
     */
    static ReceiverFilter of(Map<String, Object> options) {
        for (String key : KEYS) {
            if (options.containsKey(key)) {
                return new ReceiverFilter(options);
            }
        }
        return null;
    }

    boolean admits(SessionInfo receiver) {
        return !contains(exclude, receiver.id()) && !contains(excludeAuthid, receiver.authid())
                && !contains(excludeAuthrole, receiver.authrole()) && allows(eligible, receiver.id())
                && allows(eligibleAuthid, receiver.authid()) && allows(eligibleAuthrole, receiver.authrole());
    }

    private static boolean contains(Set<Object> set, Object value) {
        return set != null && set.contains(value);
    }

    private static boolean allows(Set<Object> set, Object value) {
        return set == null || set.contains(value);
    }

    private static Set<Object> set(Map<String, Object> options, String key, Class<?> elementType) {
        Object value = options.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("PUBLISH.Options." + key + " must be a list");
        }
        Set<Object> set = new HashSet<>(list.size() * 2);
        for (Object o : list) {
            if (!elementType.isInstance(o)) {
                throw new IllegalArgumentException("PUBLISH.Options." + key + " must list "
                        + (elementType == Long.class ? "session ids" : "strings"));
            }
            set.add(o);
        }
        return set;
    }
}
