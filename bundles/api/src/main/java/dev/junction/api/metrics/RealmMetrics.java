package dev.junction.api.metrics;

import java.util.Map;

/**
 * One realm. Messages are counted once the session has joined the realm (HELLO, CHALLENGE, AUTHENTICATE, WELCOME and
 * the ABORT of a refused join name no realm the router can trust; they count on the transport only).
 *
 * @param realm the realm's name
 * @param sessions sessions joined now
 * @param subscriptions subscriptions now (one per topic and match policy, whatever the number of subscribers)
 * @param registrations registrations now
 * @param messagesIn messages received from joined sessions, by WAMP type name ({@code CALL}, {@code PUBLISH}, ...)
 * @param messagesOut messages sent to joined sessions, by WAMP type name
 * @param errors ERROR messages sent to joined sessions, by URI: the {@code wamp.error.*} and {@code junction.error.*}
 *            URIs the router knows by name, every other URI (application errors) as {@code application}
 * @param callsInFlight calls routed to a callee and not yet answered
 * @param callLatency time from a CALL being routed to a callee until its final answer (or its end by cancel,
 *            timeout or the callee leaving)
 * @param eventsDelivered EVENTs queued to subscribers
 * @param eventsDropped EVENTs not delivered because the subscriber's outbound queue was full (slow consumers)
 */
public record RealmMetrics(String realm, long sessions, long subscriptions, long registrations,
        Map<String, Long> messagesIn, Map<String, Long> messagesOut, Map<String, Long> errors, long callsInFlight,
        LatencyHistogram callLatency, long eventsDelivered, long eventsDropped) {

    public RealmMetrics {
        messagesIn = Map.copyOf(messagesIn);
        messagesOut = Map.copyOf(messagesOut);
        errors = Map.copyOf(errors);
    }
}
