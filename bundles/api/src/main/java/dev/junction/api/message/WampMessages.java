package dev.junction.api.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.junction.api.ProtocolViolationException;

/**
 * Parsing and naming of WAMP messages in their wire list form. Serializers use it in two steps: read the type code,
 * ask {@link #payloadIndex(int)} where the payload starts, decode the elements before it as values and keep the
 * payload as it is (see {@link Payload#encoded}), then call {@link #fromWire(List, Payload)}.
 */
public final class WampMessages {
    private WampMessages() {
    }

    /**
     * The index of {@code Arguments|list} for message types that carry a payload, or -1 for those that do not.
     * Also -1 for unknown types; {@link #fromWire} rejects those.
     */
    public static int payloadIndex(int type) {
        return switch (type) {
            case ErrorMessage.TYPE -> ErrorMessage.PAYLOAD_INDEX;
            case Publish.TYPE -> Publish.PAYLOAD_INDEX;
            case Event.TYPE -> Event.PAYLOAD_INDEX;
            case Call.TYPE -> Call.PAYLOAD_INDEX;
            case Result.TYPE -> Result.PAYLOAD_INDEX;
            case Invocation.TYPE -> Invocation.PAYLOAD_INDEX;
            case Yield.TYPE -> Yield.PAYLOAD_INDEX;
            default -> -1;
        };
    }

    /** The spec's name of a message type, e.g. {@code PUBLISH}, or {@code UNKNOWN(n)}. */
    public static String name(int type) {
        return switch (type) {
            case Hello.TYPE -> "HELLO";
            case Welcome.TYPE -> "WELCOME";
            case Abort.TYPE -> "ABORT";
            case Challenge.TYPE -> "CHALLENGE";
            case Authenticate.TYPE -> "AUTHENTICATE";
            case Goodbye.TYPE -> "GOODBYE";
            case ErrorMessage.TYPE -> "ERROR";
            case Publish.TYPE -> "PUBLISH";
            case Published.TYPE -> "PUBLISHED";
            case Subscribe.TYPE -> "SUBSCRIBE";
            case Subscribed.TYPE -> "SUBSCRIBED";
            case Unsubscribe.TYPE -> "UNSUBSCRIBE";
            case Unsubscribed.TYPE -> "UNSUBSCRIBED";
            case Event.TYPE -> "EVENT";
            case Call.TYPE -> "CALL";
            case Cancel.TYPE -> "CANCEL";
            case Result.TYPE -> "RESULT";
            case Register.TYPE -> "REGISTER";
            case Registered.TYPE -> "REGISTERED";
            case Unregister.TYPE -> "UNREGISTER";
            case Unregistered.TYPE -> "UNREGISTERED";
            case Invocation.TYPE -> "INVOCATION";
            case Interrupt.TYPE -> "INTERRUPT";
            case Yield.TYPE -> "YIELD";
            default -> "UNKNOWN(" + type + ")";
        };
    }

    /**
     * Builds a message from the elements before its payload and the payload itself.
     *
     * @param head the type code and the message's fields; for message types without payload, the whole message
     * @param payload the payload, or {@code null} when the message had none (an absent payload becomes
     *            {@link Payload#EMPTY})
     * @throws ProtocolViolationException for an unknown type, a wrong number of elements or an element of the wrong
     *             type, a payload on a type that carries none, or an ID outside {@code 1..2^53}
     */
    public static WampMessage fromWire(List<Object> head, Payload payload) {
        if (head.isEmpty()) {
            throw new ProtocolViolationException("a message must be a non-empty list");
        }
        Object code = head.get(0);
        if (!(code instanceof Long || code instanceof Integer)) {
            throw new ProtocolViolationException("the message type must be an integer, was " + Fields.describe(code));
        }
        int type = (int) ((Number) code).longValue();
        if (((Number) code).longValue() != type) {
            throw new ProtocolViolationException("unknown message type " + code);
        }
        int payloadIndex = payloadIndex(type);
        if (payloadIndex < 0 && payload != null) {
            throw new ProtocolViolationException(name(type) + " carries no arguments");
        }
        Payload p = payload == null ? Payload.EMPTY : payload;
        Fields f = new Fields(head, name(type));
        return switch (type) {
            case Hello.TYPE -> Hello.from(f);
            case Welcome.TYPE -> Welcome.from(f);
            case Abort.TYPE -> Abort.from(f);
            case Challenge.TYPE -> Challenge.from(f);
            case Authenticate.TYPE -> Authenticate.from(f);
            case Goodbye.TYPE -> Goodbye.from(f);
            case ErrorMessage.TYPE -> ErrorMessage.from(f, p);
            case Publish.TYPE -> Publish.from(f, p);
            case Published.TYPE -> Published.from(f);
            case Subscribe.TYPE -> Subscribe.from(f);
            case Subscribed.TYPE -> Subscribed.from(f);
            case Unsubscribe.TYPE -> Unsubscribe.from(f);
            case Unsubscribed.TYPE -> Unsubscribed.from(f);
            case Event.TYPE -> Event.from(f, p);
            case Call.TYPE -> Call.from(f, p);
            case Cancel.TYPE -> Cancel.from(f);
            case Result.TYPE -> Result.from(f, p);
            case Register.TYPE -> Register.from(f);
            case Registered.TYPE -> Registered.from(f);
            case Unregister.TYPE -> Unregister.from(f);
            case Unregistered.TYPE -> Unregistered.from(f);
            case Invocation.TYPE -> Invocation.from(f, p);
            case Interrupt.TYPE -> Interrupt.from(f);
            case Yield.TYPE -> Yield.from(f, p);
            default -> throw new ProtocolViolationException("unknown message type " + type);
        };
    }

    /**
     * Parses a whole message whose payload elements are already values (tests, tools, and serializers that have no
     * lazy form).
     */
    @SuppressWarnings("unchecked")
    public static WampMessage fromList(List<Object> message) {
        if (message.isEmpty()) {
            throw new ProtocolViolationException("a message must be a non-empty list");
        }
        Object code = message.get(0);
        int payloadIndex = code instanceof Number n ? payloadIndex(n.intValue()) : -1;
        if (payloadIndex < 0 || message.size() <= payloadIndex) {
            return fromWire(message, null);
        }
        if (message.size() > payloadIndex + 2) {
            throw new ProtocolViolationException("too many elements in " + name(((Number) code).intValue()));
        }
        Object args = message.get(payloadIndex);
        Object kwargs = message.size() > payloadIndex + 1 ? message.get(payloadIndex + 1) : null;
        if (!(args instanceof List)) {
            throw new ProtocolViolationException("Arguments must be a list, was " + Fields.describe(args));
        }
        if (kwargs != null && !(kwargs instanceof Map)) {
            throw new ProtocolViolationException("ArgumentsKw must be a dict, was " + Fields.describe(kwargs));
        }
        return fromWire(message.subList(0, payloadIndex),
                Payload.of((List<Object>) args, (Map<String, Object>) kwargs));
    }

    /** The whole message as a list of values, payload decoded; the payload elements are omitted when empty. */
    public static List<Object> toList(WampMessage message) {
        List<Object> out = new ArrayList<>(message.head());
        Payload p = message.payload();
        if (p != null && !p.isEmpty()) {
            out.add(p.args());
            if (p.hasKwargs()) {
                out.add(p.kwargs());
            }
        }
        return out;
    }
}
