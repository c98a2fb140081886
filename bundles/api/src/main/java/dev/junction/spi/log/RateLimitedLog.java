package dev.junction.spi.log;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Logs at most {@code burst} lines per {@code period} through one {@link Logger} (a token bucket refilled evenly over
 * the period); the lines beyond that are counted, and the next line logged says how many were suppressed. Use one
 * instance per kind of event that a peer can trigger at will (bad input, dropped events), so that a flood from one
 * client costs a bounded number of lines and the other kinds still get through.
 *
 * <p>Thread-safe; {@link #warn} and {@link #info} take a short lock and never block on I/O beyond the logger's own.
 */
public final class RateLimitedLog {

    /** Default budget: 10 lines, then one line per 6 s (10 per minute) for as long as the flood lasts. */
    public static final int DEFAULT_BURST = 10;
    public static final long DEFAULT_PERIOD_MILLIS = 60_000;

    private final Logger logger;
    private final int burst;
    private final long nanosPerToken;
    private final LongSupplier nanoClock;

    private double tokens;
    private long lastRefill;
    private long suppressed;

    /** {@link #DEFAULT_BURST} lines per {@link #DEFAULT_PERIOD_MILLIS}. */
    public RateLimitedLog(Logger logger) {
        this(logger, DEFAULT_BURST, DEFAULT_PERIOD_MILLIS, System::nanoTime);
    }

    /**
     * @param burst lines that may be logged at once, and per {@code periodMillis} in a steady flood
     * @param nanoClock the clock, {@link System#nanoTime} outside tests
     */
    public RateLimitedLog(Logger logger, int burst, long periodMillis, LongSupplier nanoClock) {
        if (burst < 1 || periodMillis < 1) {
            throw new IllegalArgumentException("burst and period must be positive");
        }
        this.logger = logger;
        this.burst = burst;
        this.nanosPerToken = TimeUnit.MILLISECONDS.toNanos(periodMillis) / burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.lastRefill = nanoClock.getAsLong();
    }

    /** Logs at WARN when the budget allows, else counts the line. Arguments as for SLF4J. */
    public void warn(String format, Object... arguments) {
        long skipped = take();
        if (skipped >= 0 && logger.isWarnEnabled()) {
            logger.warn(withSuppressed(format, skipped), arguments);
        }
    }

    /** Logs at INFO when the budget allows, else counts the line. */
    public void info(String format, Object... arguments) {
        long skipped = take();
        if (skipped >= 0 && logger.isInfoEnabled()) {
            logger.info(withSuppressed(format, skipped), arguments);
        }
    }

    /** Lines suppressed since the last one logged. */
    public synchronized long suppressed() {
        return suppressed;
    }

    /** -1 when the line must be suppressed, else how many were suppressed before it (and resets that count). */
    private synchronized long take() {
        long now = nanoClock.getAsLong();
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + (double) elapsed / nanosPerToken);
            lastRefill = now;
        }
        if (tokens < 1) {
            suppressed++;
            return -1;
        }
        tokens -= 1;
        long skipped = suppressed;
        suppressed = 0;
        return skipped;
    }

    private static String withSuppressed(String format, long skipped) {
        return skipped == 0 ? format : format + " (" + skipped + " similar lines suppressed)";
    }
}
