package dev.junction.transport.websocket.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.eclipse.jetty.websocket.core.exception.ProtocolException;

/**
 * Joins one connection's data frames into whole messages, as the bytes the serializer reads, and checks what Jetty's
 * message sinks check: the message size ({@code max_message_size}, close code 1009) and, for text, well-formed UTF-8
 * (1007).
 *
 * <p>Why not Jetty's sinks (issue 8): its text sinks decode every message through a new {@code Utf8StringBuilder}
 * sized to the input buffer (4 KiB for a 100-byte CALL) into a {@code String}, which the serializer then needs as
 * UTF-8 bytes again: about half of what a JSON call allocated. Here a message in one frame, nearly every WAMP message,
 * costs one copy of its payload and nothing else.
 *
 * <p>Jetty calls a connection's frame handler one frame at a time, so this needs no locking. Jetty's parser has
 * already refused frames out of sequence and frames over {@code max_frame_size}.
 */
final class InboundMessages {

    private final long maxTextSize;
    private final long maxBinarySize;
    /**
     * Fragments of the message being joined; null between fragmented messages (they are rare in WAMP, and an idle
     * session should not keep a buffer).
     */
    private byte[] joined;
    private int length;
    private boolean joiningBinary;
    private boolean joining;

    /** Limits as Jetty's configuration holds them: 0 or below is no limit. */
    InboundMessages(long maxTextSize, long maxBinarySize) {
        this.maxTextSize = maxTextSize;
        this.maxBinarySize = maxBinarySize;
    }

    /**
     * Takes one data frame ({@link OpCode#TEXT}, {@link OpCode#BINARY} or {@link OpCode#CONTINUATION}) and returns the
     * whole message once its last frame arrived, else null. The payload is read, not kept.
     *
     * @throws MessageTooLargeException the message exceeds its limit (1009)
     * @throws BadPayloadException a text message is not well-formed UTF-8 (1007)
     * @throws ProtocolException a frame out of sequence (Jetty's parser should have refused it already)
     */
    byte[] frame(byte opcode, ByteBuffer payload, boolean fin) {
        int size = payload == null ? 0 : payload.remaining();
        if (opcode == OpCode.CONTINUATION) {
            if (!joining) {
                throw new ProtocolException("continuation frame without a message to continue");
            }
            append(payload, size);
            if (!fin) {
                return null;
            }
            byte[] message = length == joined.length ? joined : Arrays.copyOf(joined, length);
            boolean binary = joiningBinary;
            joining = false;
            joined = null;
            length = 0;
            return checked(message, binary);
        }
        if (joining) {
            throw new ProtocolException("new data frame before the previous message's last frame");
        }
        boolean binary = opcode == OpCode.BINARY;
        checkSize(size, binary);
        if (fin) {
            byte[] message = new byte[size];
            if (size > 0) {
                payload.get(message);
            }
            return checked(message, binary);
        }
        joining = true;
        joiningBinary = binary;
        length = 0;
        append(payload, size);
        return null;
    }

    private void append(ByteBuffer payload, int size) {
        long total = (long) length + size;
        checkSize(total, joiningBinary);
        if (total > Integer.MAX_VALUE - 8) {
            throw new MessageTooLargeException("message of more than 2 GiB");
        }
        if (joined == null || total > joined.length) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max(total, Math.max(1024, joined == null ? 0 : (long) joined.length * 2)));
            joined = joined == null ? new byte[capacity] : Arrays.copyOf(joined, capacity);
        }
        if (size > 0) {
            payload.get(joined, length, size);
        }
        length = (int) total;
    }

    private void checkSize(long size, boolean binary) {
        long max = binary ? maxBinarySize : maxTextSize;
        if (max > 0 && size > max) {
            throw new MessageTooLargeException(
                    (binary ? "binary" : "text") + " message size " + size + " exceeds maximum size " + max);
        }
    }

    private static byte[] checked(byte[] message, boolean binary) {
        if (!binary && !Utf8.isValid(message, 0, message.length)) {
            throw new BadPayloadException("text message is not valid UTF-8");
        }
        return message;
    }
}
