package dev.junction.transport.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The outbound queue joins batches queued behind a busy socket into one WebSocket message on a {@code .batched}
 * subprotocol, and keeps them apart on a plain one. The socket is kept busy by a peer that does not read until the
 * small messages are queued; then it reads every frame.
 */
class BatchJoiningTest {

    private static final int BIG = 64 * 1024;
    private static final int BIGS = 400; // 25 MiB: more than loopback's socket buffers take
    private static final int SMALLS = 100;

    @Test
    void smallMessagesQueuedBehindABusySocketArriveJoinedIntoFewerBatches() throws Exception {
        List<byte[]> frames = sendBigsThenSmalls("wamp.2.json.batched");
        List<String> messages = new ArrayList<>();
        int framesWithSmalls = 0;
        for (byte[] frame : frames) {
            String text = new String(frame, StandardCharsets.UTF_8);
            assertThat(text).endsWith("\u001e");
            boolean small = false;
            for (String m : text.substring(0, text.length() - 1).split("\u001e", -1)) {
                messages.add(m);
                small |= m.startsWith("[");
            }
            if (small) {
                framesWithSmalls++;
            }
        }
        assertThat(messages).hasSize(BIGS + SMALLS);
        for (int i = 0; i < SMALLS; i++) {
            assertThat(messages.get(BIGS + i)).isEqualTo(small(i)); // in order, none lost
        }
        assertThat(framesWithSmalls).isLessThan(SMALLS / 4).isPositive();
        assertThat(Arrays.stream(frames.toArray(byte[][]::new)).mapToInt(f -> f.length).max().orElse(0))
                .isLessThanOrEqualTo(BIG + 1);
    }

    @Test
    void controlOnAPlainSubprotocolEveryMessageIsItsOwnWebSocketMessage() throws Exception {
        List<byte[]> frames = sendBigsThenSmalls("wamp.2.json");
        assertThat(frames).hasSize(BIGS + SMALLS);
        for (int i = 0; i < SMALLS; i++) {
            assertThat(new String(frames.get(BIGS + i), StandardCharsets.UTF_8)).isEqualTo(small(i));
        }
    }

    private static String small(int i) {
        return "[36,1," + i + ",{}]";
    }

    /** Queues the big messages until the writer is stuck, then the small ones; returns every message received. */
    private static List<byte[]> sendBigsThenSmalls(String subprotocol) throws Exception {
        try (Fixture f = Fixture.started(); Socket peer = new Socket()) {
            peer.setReceiveBufferSize(4096);
            peer.connect(new InetSocketAddress("127.0.0.1", f.port()), 10_000);
            peer.getOutputStream().write(Fixture.upgrade("Sec-WebSocket-Protocol: " + subprotocol)
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = peer.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).isNotNegative();
                head.write(b);
            }
            assertThat(head.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 101");
            FakeRouter.Handle handle = f.router.handle(1);
            byte[] big = new byte[BIG];
            Arrays.fill(big, (byte) 'x');
            big[0] = '"';
            big[BIG - 1] = '"';
            for (int i = 0; i < BIGS; i++) {
                handle.connection.send(big);
            }
            Poll.until("the writer is stuck behind the full socket", () -> {
                long bytes = handle.connection.queuedBytes();
                return bytes > 0 && bytes < (long) BIGS * BIG;
            });
            for (int i = 0; i < SMALLS; i++) {
                handle.connection.send(small(i).getBytes(StandardCharsets.UTF_8));
            }
            List<byte[]> messages = new ArrayList<>();
            DataInputStream data = new DataInputStream(in);
            int smallsSeen = 0;
            while (smallsSeen < SMALLS && messages.size() < BIGS + SMALLS) {
                messages.add(readMessage(data));
                String text = new String(messages.get(messages.size() - 1), StandardCharsets.UTF_8);
                smallsSeen += text.split("\\[36,", -1).length - 1;
            }
            return messages;
        }
    }

    /** One unfragmented, unmasked server frame's payload. */
    private static byte[] readMessage(DataInputStream in) throws Exception {
        int b0 = in.readUnsignedByte();
        assertThat(b0 & 0x80).as("FIN").isNotZero();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return payload;
    }
}
