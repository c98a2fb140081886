package dev.junction.cluster.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Session ids that no two nodes hand out: each node holds a slot (1..{@value #SLOTS}, claimed in the cluster) and
 * puts it in the top 10 of the 53 bits WAMP allows; the 43 bits below are random. So every id is in
 * {@code [2^43, 2^53)}, inside WAMP's {@code [1, 2^53]}, and ids of different nodes never collide.
 */
final class SessionIdSpace {
    static final int SLOTS = 1023;
    static final int RANDOM_BITS = 43;

    private SessionIdSpace() {
    }

    static long sessionId(int slot) {
        if (slot < 1 || slot > SLOTS) {
            throw new IllegalArgumentException("slot " + slot + " outside 1.." + SLOTS);
        }
        return ((long) slot << RANDOM_BITS) | ThreadLocalRandom.current().nextLong(1L << RANDOM_BITS);
    }

    /** The slot of the node that handed out {@code sessionId}. */
    static int slotOf(long sessionId) {
        return (int) (sessionId >>> RANDOM_BITS);
    }
}
