package dev.junction.transport.rawsocket.internal;

import java.nio.ByteBuffer;

import dev.junction.transport.rawsocket.internal.RawSocketProtocol.FrameType;

/**
 * Cuts the inbound byte stream of one connection into the handshake and then frames, copying each payload into its
 * own array (the router takes ownership of it). Incremental: {@link #feed} takes whatever the socket delivered, and
 * the network buffer never has to hold a whole message. Not thread-safe: one connection's reads are sequential.
 *
 * <p>A frame with reserved bits set, of a reserved type, or longer than {@code maxLength} is refused with a
 * {@link FramingException} before its payload is buffered.
 */
final class RawSocketDecoder {

    /** Where decoded units go. */
    interface Listener {
        /** The client's 4 handshake octets. Return {@code false} to stop decoding (the connection is closing). */
        boolean handshake(byte[] octets);

        /** One whole frame. Return {@code false} to stop decoding. */
        boolean frame(FrameType type, byte[] payload);
    }

    /** The stream broke the framing rules: the connection must be failed. */
    static final class FramingException extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean tooBig;

        FramingException(String message, boolean tooBig) {
            super(message, null, false, false);
            this.tooBig = tooBig;
        }
    }

    private final Listener listener;
    private final int maxLength;

    private final byte[] prefix = new byte[RawSocketProtocol.HEADER_LENGTH];
    private int prefixFilled;
    private boolean handshakeDone;
    private FrameType type;
    private byte[] payload;
    private int payloadFilled;
    private boolean stopped;

    /** @param maxLength the largest payload accepted (the router's announced maximum, or its configured limit) */
    RawSocketDecoder(Listener listener, int maxLength) {
        this.listener = listener;
        this.maxLength = maxLength;
    }

    /** Consumes every remaining byte of {@code buffer} (unless the listener stops decoding). */
    void feed(ByteBuffer buffer) throws FramingException {
        while (buffer.hasRemaining() && !stopped) {
            if (payload == null) {
                int n = Math.min(buffer.remaining(), prefix.length - prefixFilled);
                buffer.get(prefix, prefixFilled, n);
                prefixFilled += n;
                if (prefixFilled < prefix.length) {
                    return;
                }
                prefixFilled = 0;
                if (!handshakeDone) {
                    handshakeDone = true;
                    stopped = !listener.handshake(prefix.clone());
                    continue;
                }
                startFrame();
                if (payload.length == 0) {
                    deliver();
                }
                continue;
            }
            int n = Math.min(buffer.remaining(), payload.length - payloadFilled);
            buffer.get(payload, payloadFilled, n);
            payloadFilled += n;
            if (payloadFilled == payload.length) {
                deliver();
            }
        }
    }

    /** Stops decoding: later bytes are ignored. */
    void stop() {
        stopped = true;
    }

    private void startFrame() throws FramingException {
        int first = prefix[0] & 0xFF;
        if ((first & 0xF8) != 0) {
            throw new FramingException(String.format("frame prefix 0x%02X uses reserved bits", first), false);
        }
        type = FrameType.of(first & 0x07);
        if (type == null) {
            throw new FramingException("reserved frame type " + (first & 0x07), false);
        }
        int length = (prefix[1] & 0xFF) << 16 | (prefix[2] & 0xFF) << 8 | prefix[3] & 0xFF;
        if (length > maxLength) {
            throw new FramingException(type + " frame of " + length + " bytes exceeds the maximum of " + maxLength,
                    true);
        }
        payload = new byte[length];
        payloadFilled = 0;
    }

    private void deliver() {
        byte[] complete = payload;
        payload = null;
        stopped = !listener.frame(type, complete);
    }
}
