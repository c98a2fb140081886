package dev.junction.api;

import java.util.concurrent.ThreadLocalRandom;

/**
 * WAMP identifiers: integers in {@code 1..2^53} so that they survive a trip through a JavaScript number.
 * Global-scope IDs (sessions, publications) are drawn uniformly at random, as the spec requires.
 */
public final class WampIds {
    /** The largest valid ID, 2^53. */
    public static final long MAX = 1L << 53;

    private WampIds() {
    }

    public static boolean isValid(long id) {
        return id >= 1 && id <= MAX;
    }

    /** A global-scope ID: uniformly random in {@code 1..2^53}. */
    public static long randomId() {
        return ThreadLocalRandom.current().nextLong(1, MAX + 1);
    }
}
