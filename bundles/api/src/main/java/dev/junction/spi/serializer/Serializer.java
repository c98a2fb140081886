package dev.junction.spi.serializer;

import org.osgi.annotation.versioning.ConsumerType;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.WampMessage;

/**
 * Converts WAMP messages to and from one wire format. Each serializer bundle registers one instance as an OSGi
 * service with the properties of {@link WampSerializer}; transports and the router track them dynamically, so a
 * serializer can be installed or removed while the server runs.
 *
 * <p><b>Threading.</b> Implementations are stateless and called concurrently from any thread.
 *
 * <p><b>Buffers.</b> {@link #decode} takes ownership of the array it is given: it may keep a reference to it in
 * the message's {@link dev.junction.api.message.Payload} and the caller must never write to it again.
 * {@link #encode} returns a new array that the caller owns.
 *
 * <p><b>Payloads.</b> {@code decode} should leave {@code Arguments} and {@code ArgumentsKw} encoded (checked for
 * syntax, not rebuilt) with {@link dev.junction.api.message.Payload#encoded}, tagged with {@link #name()};
 * {@code encode} copies such a payload's bytes through when the tag is its own name and encodes its values
 * otherwise.
 *
 * <p><b>Failures.</b> {@code decode} throws {@link ProtocolViolationException} for anything that is not a valid
 * WAMP message in this format; the router answers with ABORT {@code wamp.error.protocol_violation}.
 * {@code encode} throws {@link IllegalArgumentException} for a value the format cannot represent.
 */
@ConsumerType
public interface Serializer {

    /** Short name as used in transport configuration: {@code json}, {@code msgpack}. */
    String name();

    /** WebSocket subprotocol: {@code wamp.2.json}. */
    String subprotocol();

    /** RawSocket serializer id: 1 JSON, 2 MsgPack, 3 CBOR, 4 UBJSON, 5 FlatBuffers. */
    int rawSocketId();

    /** True for a binary format (WebSocket binary frames), false for text (UTF-8 text frames). */
    boolean isBinary();

    /** Decodes one message. */
    WampMessage decode(byte[] data) throws ProtocolViolationException;

    /** Encodes one message. */
    byte[] encode(WampMessage message);
}
