package dev.junction.api;

/**
 * A peer broke the WAMP protocol: a frame that does not decode, a message of the wrong shape, or a message
 * that is not valid in the session's state. The spec's answer is ABORT {@code wamp.error.protocol_violation}
 * with this exception's message in {@code Details.message}; the session is disposed.
 */
public class ProtocolViolationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolViolationException(String message) {
        super(message);
    }

    public ProtocolViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
