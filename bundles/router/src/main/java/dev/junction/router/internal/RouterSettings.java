package dev.junction.router.internal;

/**
 * Router-wide timings.
 *
 * @param callDrainMillis how long calls in flight may take to finish when sessions are shut down
 * @param goodbyeMillis how long a client has to answer the router's GOODBYE before its connection is closed
 */
record RouterSettings(long callDrainMillis, long goodbyeMillis) {
    static final RouterSettings DEFAULTS = new RouterSettings(5000, 2000);
}
