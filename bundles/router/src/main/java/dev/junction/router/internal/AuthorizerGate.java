package dev.junction.router.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

import dev.junction.api.message.Call;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Register;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.WampMessage;

/**
 * A session's inbound messages held while a dynamic authorizer decides on one of them: the session routes nothing
 * else meanwhile, so per-session order holds (a PUBLISH after a SUBSCRIBE still comes after it). Used under the
 * session's lock only.
 */
final class AuthorizerGate {
    /** Messages a client may send ahead while the authorizer decides; more is a flood and closes the connection. */
    static final int MAX_HELD = 1000;

    /** What the authorizer is asked: the action, its URI and the message's options. */
    record Question(Action action, String uri, Map<String, Object> options) {
    }

    private record Answer(Action action, String uri, Decision decision) {
    }

    private ArrayDeque<WampMessage> held;
    private Answer answer;

    /** The question {@code message} raises, or {@code null} for messages that are not authorized. */
    static Question questionOf(WampMessage message) {
        return switch (message.type()) {
            case Publish.TYPE -> new Question(Action.PUBLISH, ((Publish) message).topic(), ((Publish) message).options());
            case Call.TYPE -> new Question(Action.CALL, ((Call) message).procedure(), ((Call) message).options());
            case Subscribe.TYPE -> new Question(Action.SUBSCRIBE, ((Subscribe) message).topic(),
                    ((Subscribe) message).options());
            case Register.TYPE -> new Question(Action.REGISTER, ((Register) message).procedure(),
                    ((Register) message).options());
            default -> null;
        };
    }

    boolean holding() {
        return held != null;
    }

    /** Starts holding: the authorizer was asked. */
    void close() {
        held = new ArrayDeque<>();
    }

    /** Holds {@code message}; false when too many are held already. */
    boolean hold(WampMessage message) {
        if (held.size() >= MAX_HELD) {
            return false;
        }
        held.add(message);
        return true;
    }

    /** Stops holding and returns what was held, in order. */
    List<WampMessage> open() {
        List<WampMessage> out = held == null ? List.of() : List.copyOf(held);
        held = null;
        return out;
    }

    /** The authorizer's answer applies to the message routed next. */
    void answer(Question q, Decision decision) {
        answer = new Answer(q.action(), q.uri(), decision);
    }

    void clearAnswer() {
        answer = null;
    }

    /** The answer for {@code action} on {@code uri} if the message being routed has one, else {@code null}. */
    Decision answerFor(Action action, String uri) {
        Answer a = answer;
        return a != null && a.action() == action && a.uri().equals(uri) ? a.decision() : null;
    }
}
