package dev.junction.api.message;

import java.util.List;

/**
 * A WAMP message. Each type is a record named after the message, with the spec's wire form in its Javadoc.
 *
 * <p>The wire form is a list: the type code, then the message's fields ({@link #head()}), then for the messages
 * that carry application data the optional {@code Arguments|list} and {@code ArgumentsKw|dict} ({@link #payload()}).
 * {@link WampMessages#fromWire} parses that form with strict arity and type checks.
 */
public sealed interface WampMessage permits Hello, Welcome, Abort, Challenge, Authenticate, Goodbye, ErrorMessage,
        Publish, Published, Subscribe, Subscribed, Unsubscribe, Unsubscribed, Event, Call, Cancel, Result, Register,
        Registered, Unregister, Unregistered, Invocation, Interrupt, Yield {

    /** The message type code, e.g. 16 for PUBLISH. */
    int type();

    /** The elements before the payload, in wire order, starting with the type code. */
    List<Object> head();

    /** The application payload, or {@code null} for message types that carry none. */
    default Payload payload() {
        return null;
    }
}
