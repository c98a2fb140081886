package dev.junction.transport.rawsocket.internal;

/**
 * WAMP-over-RawSocket as the WAMP specification defines it (section "RawSocket Transport"): the constants and the
 * pure encoding of the 4-byte handshake and of the 4-byte frame prefix. No I/O.
 *
 * <p><b>Handshake.</b> The client sends {@code 0x7F}, then one octet whose high nibble {@code L} announces the largest
 * message it accepts ({@code 2^(9+L)} bytes, 512 B .. 16 MiB) and whose low nibble is the serializer id (1 JSON,
 * 2 MsgPack, ...), then two reserved octets that must be zero. The router answers with the same form (its own
 * maximum, the serializer echoed), or with {@code 0x7F}, an error code in the high nibble and 0 in the low nibble,
 * and then closes.
 *
 * <p><b>Frames.</b> Each message is prefixed with one octet (5 reserved bits that must be zero, 3 bits frame type:
 * 0 regular WAMP message, 1 PING, 2 PONG) and a 24-bit big-endian payload length.
 */
final class RawSocketProtocol {

    static final int MAGIC = 0x7F;
    static final int HEADER_LENGTH = 4;
    /** The largest payload a 24-bit length can carry. */
    static final int MAX_FRAME_PAYLOAD = (1 << 24) - 1;
    /** The largest maximum a handshake can announce: 2^(9+15) = 16 MiB. */
    static final int MAX_ANNOUNCED_LENGTH = 1 << 24;
    static final int MIN_ANNOUNCED_LENGTH = 1 << 9;

    private RawSocketProtocol() {
    }

    /** The handshake error codes of the specification (the high nibble of the error reply). */
    enum HandshakeError {
        SERIALIZER_UNSUPPORTED(1, "serializer unsupported"),
        MAX_LENGTH_UNACCEPTABLE(2, "maximum message length unacceptable"),
        RESERVED_BITS_USED(3, "use of reserved bits (unsupported feature)"),
        MAX_CONNECTIONS_REACHED(4, "maximum connection count reached");

        final int code;
        final String description;

        HandshakeError(int code, String description) {
            this.code = code;
            this.description = description;
        }
    }

    /** The three frame types; 3..7 are reserved. */
    enum FrameType {
        REGULAR(0), PING(1), PONG(2);

        final int code;

        FrameType(int code) {
            this.code = code;
        }

        static FrameType of(int code) {
            return switch (code) {
                case 0 -> REGULAR;
                case 1 -> PING;
                case 2 -> PONG;
                default -> null;
            };
        }
    }

    /**
     * A client's handshake.
     *
     * @param lengthExponent {@code L} of {@code 2^(9+L)}, 0..15
     * @param serializerId 1 JSON, 2 MsgPack, ...; 0 is not a serializer
     * @param reservedBitsUsed whether octets 3 and 4 were not zero
     */
    record ClientHandshake(int lengthExponent, int serializerId, boolean reservedBitsUsed) {
        /** The largest message the client accepts. */
        int maxLength() {
            return 1 << (9 + lengthExponent);
        }
    }

    /** Thrown for bytes that are not a RawSocket handshake at all (first octet not 0x7F): no reply is possible. */
    static final class NotRawSocketException extends Exception {
        private static final long serialVersionUID = 1L;

        NotRawSocketException(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads the client's 4 octets from {@code bytes[offset..offset+3]}. */
    static ClientHandshake readHandshake(byte[] bytes) throws NotRawSocketException {
        if ((bytes[0] & 0xFF) != MAGIC) {
            throw new NotRawSocketException(String.format("first octet 0x%02X is not the RawSocket magic 0x7F",
                    bytes[0] & 0xFF));
        }
        int second = bytes[1] & 0xFF;
        return new ClientHandshake(second >> 4, second & 0x0F, bytes[2] != 0 || bytes[3] != 0);
    }

    /** The router's acceptance: its own maximum and the client's serializer echoed. */
    static byte[] acceptance(int lengthExponent, int serializerId) {
        return new byte[] { (byte) MAGIC, (byte) (lengthExponent << 4 | serializerId), 0, 0 };
    }

    /** The router's refusal: the error code in the high nibble, 0 in the low one. */
    static byte[] refusal(HandshakeError error) {
        return new byte[] { (byte) MAGIC, (byte) (error.code << 4), 0, 0 };
    }

    /**
     * The exponent {@code L} to announce for a maximum message size: the largest {@code 2^(9+L)} not above
     * {@code maxMessageSize} (so a peer that respects the announcement never exceeds the configured limit), at
     * least 0 (512 bytes) and at most 15 (16 MiB).
     */
    static int lengthExponent(int maxMessageSize) {
        int exponent = 31 - Integer.numberOfLeadingZeros(Math.max(maxMessageSize, 1)) - 9;
        return Math.max(0, Math.min(15, exponent));
    }

    /** The 4-octet prefix of a frame. */
    static byte[] header(FrameType type, int length) {
        if (length < 0 || length > MAX_FRAME_PAYLOAD) {
            throw new IllegalArgumentException("frame length " + length);
        }
        return new byte[] { (byte) type.code, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length };
    }
}
