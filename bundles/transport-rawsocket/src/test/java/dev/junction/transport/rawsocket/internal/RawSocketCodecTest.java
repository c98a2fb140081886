package dev.junction.transport.rawsocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.junction.transport.rawsocket.internal.RawSocketDecoder.FramingException;
import dev.junction.transport.rawsocket.internal.RawSocketProtocol.ClientHandshake;
import dev.junction.transport.rawsocket.internal.RawSocketProtocol.FrameType;
import dev.junction.transport.rawsocket.internal.RawSocketProtocol.HandshakeError;
import dev.junction.transport.rawsocket.internal.RawSocketProtocol.NotRawSocketException;

class RawSocketCodecTest {

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    @Test
    void readsTheClientHandshake() throws Exception {
        ClientHandshake json16M = RawSocketProtocol.readHandshake(bytes(0x7F, 0xF1, 0, 0));
        assertThat(json16M).isEqualTo(new ClientHandshake(15, 1, false));
        assertThat(json16M.maxLength()).isEqualTo(16 * 1024 * 1024);
        ClientHandshake msgpack512 = RawSocketProtocol.readHandshake(bytes(0x7F, 0x02, 0, 0));
        assertThat(msgpack512.maxLength()).isEqualTo(512);
        assertThat(msgpack512.serializerId()).isEqualTo(2);
        assertThat(RawSocketProtocol.readHandshake(bytes(0x7F, 0xF1, 0, 1)).reservedBitsUsed()).isTrue();
        assertThat(RawSocketProtocol.readHandshake(bytes(0x7F, 0xF1, 0x80, 0)).reservedBitsUsed()).isTrue();
        assertThatThrownBy(() -> RawSocketProtocol.readHandshake(bytes('G', 'E', 'T', ' ')))
                .isInstanceOf(NotRawSocketException.class).hasMessageContaining("0x47");
    }

    @Test
    void everyHandshakeErrorCodeIsEncodedInTheHighNibble() {
        assertThat(RawSocketProtocol.refusal(HandshakeError.SERIALIZER_UNSUPPORTED)).containsExactly(bytes(0x7F, 0x10, 0, 0));
        assertThat(RawSocketProtocol.refusal(HandshakeError.MAX_LENGTH_UNACCEPTABLE)).containsExactly(bytes(0x7F, 0x20, 0, 0));
        assertThat(RawSocketProtocol.refusal(HandshakeError.RESERVED_BITS_USED)).containsExactly(bytes(0x7F, 0x30, 0, 0));
        assertThat(RawSocketProtocol.refusal(HandshakeError.MAX_CONNECTIONS_REACHED)).containsExactly(bytes(0x7F, 0x40, 0, 0));
        // Positive control: an acceptance has a non-zero serializer nibble, which is what tells clients apart.
        assertThat(RawSocketProtocol.acceptance(8, 2)).containsExactly(bytes(0x7F, 0x82, 0, 0));
    }

    @Test
    void announcesTheLargestPowerOfTwoNotAboveTheLimit() {
        assertThat(RawSocketProtocol.lengthExponent(128 * 1024)).isEqualTo(8); // 2^17
        assertThat(RawSocketProtocol.lengthExponent(128 * 1024 + 1)).isEqualTo(8);
        assertThat(RawSocketProtocol.lengthExponent(256 * 1024 - 1)).isEqualTo(8);
        assertThat(RawSocketProtocol.lengthExponent(1)).isZero();
        assertThat(RawSocketProtocol.lengthExponent(512)).isZero();
        assertThat(RawSocketProtocol.lengthExponent(16 * 1024 * 1024)).isEqualTo(15);
        assertThat(RawSocketProtocol.lengthExponent(Integer.MAX_VALUE)).isEqualTo(15);
    }

    @Test
    void frameHeaders() {
        assertThat(RawSocketProtocol.header(FrameType.REGULAR, 0x010203)).containsExactly(bytes(0, 1, 2, 3));
        assertThat(RawSocketProtocol.header(FrameType.PING, 5)).containsExactly(bytes(1, 0, 0, 5));
        assertThat(RawSocketProtocol.header(FrameType.PONG, 0xFFFFFF)).containsExactly(bytes(2, 0xFF, 0xFF, 0xFF));
        assertThatThrownBy(() -> RawSocketProtocol.header(FrameType.REGULAR, 1 << 24))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Records what the decoder delivers. */
    private static final class Recorder implements RawSocketDecoder.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public boolean handshake(byte[] octets) {
            events.add("handshake " + octets.length);
            return true;
        }

        @Override
        public boolean frame(FrameType type, byte[] payload) {
            events.add(type + " " + new String(payload));
            return true;
        }
    }

    @Test
    void decodesHandshakeAndFramesFedOneByteAtATime() throws Exception {
        Recorder recorder = new Recorder();
        RawSocketDecoder decoder = new RawSocketDecoder(recorder, 100);
        byte[] stream = concat(bytes(0x7F, 0xF1, 0, 0), RawSocketProtocol.header(FrameType.REGULAR, 5), "hello".getBytes(),
                RawSocketProtocol.header(FrameType.PING, 2), "hi".getBytes(), RawSocketProtocol.header(FrameType.PONG, 0),
                RawSocketProtocol.header(FrameType.REGULAR, 3), "[1]".getBytes());
        for (byte b : stream) {
            decoder.feed(ByteBuffer.wrap(new byte[] { b }));
        }
        assertThat(recorder.events).containsExactly("handshake 4", "REGULAR hello", "PING hi", "PONG ", "REGULAR [1]");

        Recorder whole = new Recorder();
        new RawSocketDecoder(whole, 100).feed(ByteBuffer.wrap(stream));
        assertThat(whole.events).isEqualTo(recorder.events);
    }

    @Test
    void refusesOversizedReservedAndUnknownFrames() throws Exception {
        assertThat(failure(RawSocketProtocol.header(FrameType.REGULAR, 101))).satisfies(e -> {
            assertThat(e.tooBig).isTrue();
            assertThat(e).hasMessageContaining("101 bytes exceeds the maximum of 100");
        });
        assertThat(failure(bytes(0x08, 0, 0, 1))).hasMessageContaining("reserved bits");
        assertThat(failure(bytes(0x03, 0, 0, 1))).hasMessageContaining("reserved frame type 3");
        assertThat(failure(bytes(0x07, 0, 0, 1))).hasMessageContaining("reserved frame type 7");
        // Positive control: exactly the maximum passes.
        Recorder recorder = new Recorder();
        new RawSocketDecoder(recorder, 100).feed(ByteBuffer.wrap(concat(bytes(0x7F, 0xF1, 0, 0),
                RawSocketProtocol.header(FrameType.REGULAR, 100), new byte[100])));
        assertThat(recorder.events).hasSize(2);
    }

    @Test
    void aListenerCanStopDecoding() throws Exception {
        List<String> seen = new ArrayList<>();
        RawSocketDecoder decoder = new RawSocketDecoder(new RawSocketDecoder.Listener() {
            @Override
            public boolean handshake(byte[] octets) {
                seen.add("handshake");
                return false;
            }

            @Override
            public boolean frame(FrameType type, byte[] payload) {
                seen.add("frame");
                return true;
            }
        }, 100);
        decoder.feed(ByteBuffer.wrap(concat(bytes(0x7F, 0xF1, 0, 0), RawSocketProtocol.header(FrameType.REGULAR, 1),
                bytes('x'))));
        assertThat(seen).containsExactly("handshake");
    }

    private static FramingException failure(byte[] header) {
        RawSocketDecoder decoder = new RawSocketDecoder(new Recorder(), 100);
        try {
            decoder.feed(ByteBuffer.wrap(concat(bytes(0x7F, 0xF1, 0, 0), header)));
        } catch (FramingException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }
}
