package dev.junction.transport.websocket.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * WAMP-over-Batched-WebSocket framing (the spec's Advanced Profile, "Message Batching"), derived from every
 * serializer the transport offers: subprotocol {@code <subprotocol>.batched}. The serializer and the router see plain
 * messages; only the transport frames and unframes them.
 * <ul>
 * <li>Text serializers (JSON): every message is followed by the record separator {@code 0x1E}, including the last one.
 * A JSON text cannot contain a raw {@code 0x1E} (control characters in strings must be escaped), so splitting at it
 * is exact.</li>
 * <li>Binary serializers (MsgPack, CBOR): every message is preceded by its length as a 32-bit unsigned big-endian
 * integer.</li>
 * </ul>
 * A WebSocket message with no WAMP message in it is invalid (the spec: the peer MUST fail the transport), as is a
 * truncated or unterminated one.
 *
 * <p>autobahn-python (and so Crossbar) writes the separator as the Python escape {@code b'\30'}, which is octal:
 * {@code 0x18}, not the spec's {@code 0x1E}, and splits what it receives at {@code 0x18} only. A JSON text cannot
 * contain a raw {@code 0x18} either, so {@link BatchedConnection} answers a client whose first batch uses
 * {@code 0x18} with {@code 0x18}; everyone else gets the spec's separator.
 */
final class Batching {
    static final String SUFFIX = ".batched";
    static final byte RECORD_SEPARATOR = 0x1E;
    /** What autobahn-python sends and expects instead (see above). */
    static final byte AUTOBAHN_PYTHON_SEPARATOR = 0x18;

    private Batching() {
    }

    /** The one-message batch for {@code message}. */
    static byte[] frame(byte[] message, boolean binary) {
        return frame(message, binary, RECORD_SEPARATOR);
    }

    /** The one-message batch for {@code message}, a text one terminated by {@code separator}. */
    static byte[] frame(byte[] message, boolean binary, byte separator) {
        if (!binary) {
            byte[] framed = Arrays.copyOf(message, message.length + 1);
            framed[message.length] = separator;
            return framed;
        }
        byte[] framed = new byte[message.length + 4];
        int n = message.length;
        framed[0] = (byte) (n >>> 24);
        framed[1] = (byte) (n >>> 16);
        framed[2] = (byte) (n >>> 8);
        framed[3] = (byte) n;
        System.arraycopy(message, 0, framed, 4, n);
        return framed;
    }

    /**
     * The messages of one batched WebSocket message.
     *
     * @throws IllegalArgumentException naming what is wrong: no message, a message not terminated by 0x1E, a length
     *             beyond the end
     */
    static List<byte[]> split(byte[] batch, boolean binary) {
        return split(batch, binary, RECORD_SEPARATOR);
    }

    /** The messages of one batched WebSocket message, a text one separated by {@code separator}. */
    static List<byte[]> split(byte[] batch, boolean binary, byte separator) {
        List<byte[]> messages = new ArrayList<>(2);
        if (!binary) {
            int start = 0;
            for (int i = 0; i < batch.length; i++) {
                if (batch[i] == separator) {
                    messages.add(Arrays.copyOfRange(batch, start, i));
                    start = i + 1;
                }
            }
            if (start != batch.length) {
                throw new IllegalArgumentException(String.format(
                        "batched JSON message not terminated by 0x%02X", separator));
            }
        } else {
            int at = 0;
            while (at < batch.length) {
                if (batch.length - at < 4) {
                    throw new IllegalArgumentException("truncated length prefix in a batched message");
                }
                long n = ((batch[at] & 0xFFL) << 24) | ((batch[at + 1] & 0xFF) << 16) | ((batch[at + 2] & 0xFF) << 8)
                        | (batch[at + 3] & 0xFF);
                at += 4;
                if (n > batch.length - at) {
                    throw new IllegalArgumentException(
                            "batched message length " + n + " exceeds the " + (batch.length - at) + " bytes left");
                }
                messages.add(Arrays.copyOfRange(batch, at, at + (int) n));
                at += (int) n;
            }
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("empty batch (no WAMP message)");
        }
        return messages;
    }
}
