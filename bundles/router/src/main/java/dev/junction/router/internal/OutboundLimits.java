package dev.junction.router.internal;

import java.util.Locale;

/**
 * The bound on one session's outbound queue ({@code outbound.*} of a realm) and the policy for an event that does not
 * fit. The queue is the transport's; the router reads its fill level through
 * {@link dev.junction.spi.transport.Connection#queuedBytes()} and {@code queuedMessages()} before each message.
 *
 * <ul>
 * <li>An EVENT or an INVOCATION is queued only while the queue holds fewer than {@code maxMessages} messages and the
 * message fits in {@code maxBytes}. An EVENT that does not fit is dropped and counted ({@link Policy#DROP}) or the
 * subscriber is disconnected ({@link Policy#DISCONNECT}); an INVOCATION that does not fit is answered at once with
 * ERROR {@code wamp.error.unavailable} to the caller.</li>
 * <li>Every other message (a reply to the client's own request, GOODBYE, ...) cannot be dropped without breaking the
 * protocol, so it may use the queue up to twice the bound; beyond that the session is disconnected under either
 * policy: it sends requests and does not read the answers.</li>
 * </ul>
 *
 * @param policy what happens to an EVENT that does not fit
 * @param maxBytes the queue's bound in bytes (encoded messages); at least one message is always admitted to an
 *            empty queue, so a single event larger than the bound is not lost
 * @param maxMessages the queue's bound in messages
 */
record OutboundLimits(Policy policy, long maxBytes, int maxMessages) {

    static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;
    static final int DEFAULT_MAX_MESSAGES = 10_000;
    static final OutboundLimits DEFAULTS = new OutboundLimits(Policy.DROP, DEFAULT_MAX_BYTES, DEFAULT_MAX_MESSAGES);

    /** What happens to an EVENT for a subscriber whose queue is full. */
    enum Policy {
        /** Drop the newest events for that subscriber, count them and log (rate-limited). */
        DROP,
        /** Close the subscriber's connection with 1008 and reason {@code outbound queue full}. */
        DISCONNECT;

        String option() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether a droppable message (EVENT, INVOCATION) of {@code size} bytes fits behind what is queued. */
    boolean admits(long queuedBytes, int queuedMessages, int size) {
        if (queuedMessages == 0) {
            return true;
        }
        return queuedMessages < maxMessages && queuedBytes + size <= maxBytes;
    }

    /** Whether a message that cannot be dropped still fits (twice the bound). */
    boolean admitsReply(long queuedBytes, int queuedMessages, int size) {
        if (queuedMessages == 0) {
            return true;
        }
        return queuedMessages < 2L * maxMessages && queuedBytes + size <= 2 * maxBytes;
    }
}
