package dev.junction.transport.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.eclipse.jetty.websocket.core.exception.ProtocolException;
import org.junit.jupiter.api.Test;

class InboundMessagesTest {

    @Test
    void aMessageInOneFrameIsItsPayload() {
        InboundMessages messages = new InboundMessages(100, 100);
        ByteBuffer payload = utf8("[1,\"é\"]");
        assertThat(text(messages.frame(OpCode.TEXT, payload, true))).isEqualTo("[1,\"é\"]");
        assertThat(payload.hasRemaining()).isFalse();
        assertThat(messages.frame(OpCode.BINARY, ByteBuffer.wrap(new byte[] {(byte) 0x93, 1}), true))
                .containsExactly(0x93, 1);
        assertThat(messages.frame(OpCode.TEXT, null, true)).isEmpty();
    }

    @Test
    void fragmentsAreJoinedAndUtf8MayBeCutBetweenThem() {
        InboundMessages messages = new InboundMessages(0, 0);
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertThat(messages.frame(OpCode.TEXT, ByteBuffer.wrap(new byte[] {'a', euro[0]}), false)).isNull();
        assertThat(messages.frame(OpCode.CONTINUATION, ByteBuffer.wrap(new byte[] {euro[1]}), false)).isNull();
        assertThat(messages.frame(OpCode.CONTINUATION, ByteBuffer.allocate(0), false)).isNull();
        assertThat(text(messages.frame(OpCode.CONTINUATION, ByteBuffer.wrap(new byte[] {euro[2], 'b'}), true)))
                .isEqualTo("a€b");
        // a large message grows the buffer; the next message starts afresh
        byte[] big = new byte[100_000];
        messages.frame(OpCode.BINARY, ByteBuffer.wrap(big, 0, 1), false);
        messages.frame(OpCode.CONTINUATION, ByteBuffer.wrap(big, 1, 60_000), false);
        assertThat(messages.frame(OpCode.CONTINUATION, ByteBuffer.wrap(big, 60_001, 39_999), true)).hasSize(100_000);
        assertThat(text(messages.frame(OpCode.TEXT, utf8("x"), true))).isEqualTo("x");
    }

    @Test
    void sizeLimitsApplyPerTypeToWholeMessagesAndFragments() {
        InboundMessages messages = new InboundMessages(4, 6);
        assertThat(messages.frame(OpCode.TEXT, utf8("abcd"), true)).hasSize(4);
        assertThatThrownBy(() -> messages.frame(OpCode.TEXT, utf8("abcde"), true))
                .isInstanceOf(MessageTooLargeException.class).hasMessageContaining("5 exceeds maximum size 4");
        assertThat(new InboundMessages(4, 6).frame(OpCode.BINARY, ByteBuffer.allocate(6), true)).hasSize(6);

        InboundMessages fragmented = new InboundMessages(4, 6);
        fragmented.frame(OpCode.TEXT, utf8("ab"), false);
        fragmented.frame(OpCode.CONTINUATION, utf8("cd"), false);
        assertThatThrownBy(() -> fragmented.frame(OpCode.CONTINUATION, utf8("e"), true))
                .isInstanceOf(MessageTooLargeException.class).hasMessageContaining("text message size 5");
    }

    @Test
    void malformedUtf8InTextFails1007ButBinaryIsNotChecked() {
        InboundMessages messages = new InboundMessages(0, 0);
        byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
        assertThatThrownBy(() -> messages.frame(OpCode.TEXT, ByteBuffer.wrap(surrogate), true))
                .isInstanceOf(BadPayloadException.class);
        assertThat(messages.frame(OpCode.BINARY, ByteBuffer.wrap(surrogate), true)).hasSize(3);
        messages.frame(OpCode.TEXT, ByteBuffer.wrap(new byte[] {'a', (byte) 0xE2}), false);
        assertThatThrownBy(() -> messages.frame(OpCode.CONTINUATION, ByteBuffer.wrap(new byte[] {(byte) 0x82}), true))
                .isInstanceOf(BadPayloadException.class);
    }

    @Test
    void framesOutOfSequenceAreProtocolErrors() {
        assertThatThrownBy(() -> new InboundMessages(0, 0).frame(OpCode.CONTINUATION, utf8("a"), true))
                .isInstanceOf(ProtocolException.class);
        InboundMessages messages = new InboundMessages(0, 0);
        messages.frame(OpCode.TEXT, utf8("a"), false);
        assertThatThrownBy(() -> messages.frame(OpCode.TEXT, utf8("b"), true)).isInstanceOf(ProtocolException.class);
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
