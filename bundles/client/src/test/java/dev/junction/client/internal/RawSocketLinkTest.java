package dev.junction.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junction.api.message.WampMessage;
import dev.junction.spi.serializer.Serializer;

/** The RawSocket link against a scripted router on a real socket: handshake, frames, PING, refusals. */
class RawSocketLinkTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final Link.Receiver receiver = new Link.Receiver() {
        @Override
        public void onMessage(byte[] data, boolean binary) {
            received.add(new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void onClosed(int code, String reason) {
            closed.complete(code + " " + reason);
        }
    };
    private ServerSocket server;

    @AfterEach
    void closeServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** A serializer as far as the link cares: its RawSocket id and whether frames are binary. */
    private static Serializer serializer(String name, int id) {
        return new Serializer() {
            public String name() {
                return name;
            }

            public String subprotocol() {
                return "wamp.2." + name;
            }

            public int rawSocketId() {
                return id;
            }

            public boolean isBinary() {
                return id != 1;
            }

            public WampMessage decode(byte[] data) {
                throw new UnsupportedOperationException();
            }

            public byte[] encode(WampMessage message) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private RawSocketLink.Target tcp() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        return new RawSocketLink.Target("127.0.0.1", server.getLocalPort(), null, null, null);
    }

    private static byte[] read(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        new DataInputStream(in).readFully(b);
        return b;
    }

    private static void frame(OutputStream out, int type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        out.write(new byte[] { (byte) type, (byte) (b.length >> 16), (byte) (b.length >> 8), (byte) b.length });
        out.write(b);
        out.flush();
    }

    @Test
    void shakesHandsExchangesFramesAndAnswersPing() throws Exception {
        RawSocketLink.Target target = tcp();
        CompletableFuture<RawSocketLink.Opened> opened = RawSocketLink.open(target, List.of(serializer("json", 1)),
                TIMEOUT, receiver);
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            assertThat(read(in, 4)).as("client handshake: magic, 16 MiB (15), JSON (1)")
                    .containsExactly(0x7F, 0xF1, 0, 0);
            out.write(new byte[] { 0x7F, (byte) 0x11, 0, 0 }); // accepts JSON, takes messages up to 1 KiB
            RawSocketLink link = opened.get(5, TimeUnit.SECONDS).link();
            assertThat(opened.get().serializer().name()).isEqualTo("json");

            link.send("[1,\"realm1\",{}]".getBytes(StandardCharsets.UTF_8), false);
            byte[] header = read(in, 4);
            assertThat(header).containsExactly(0, 0, 0, 15);
            assertThat(new String(read(in, 15), StandardCharsets.UTF_8)).isEqualTo("[1,\"realm1\",{}]");

            frame(out, RawSocketLink.TYPE_PING, "are you there");
            assertThat(read(in, 4)).as("PONG header").containsExactly(2, 0, 0, 13);
            assertThat(new String(read(in, 13), StandardCharsets.UTF_8)).isEqualTo("are you there");

            frame(out, RawSocketLink.TYPE_MESSAGE, "[2,1,{}]");
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("[2,1,{}]");

            link.send(new byte[2000], false); // over the 1 KiB the router announced
            assertThat(closed.get(5, TimeUnit.SECONDS)).startsWith("1009 ");
            assertThat(in.read()).as("nothing of the long message was written; the socket is closed").isEqualTo(-1);
        }
    }

    @Test
    void aRefusedSerializerIsRetriedWithTheNextOneOnANewConnection() throws Exception {
        RawSocketLink.Target target = tcp();
        CompletableFuture<RawSocketLink.Opened> opened = RawSocketLink.open(target,
                List.of(serializer("json", 1), serializer("msgpack", 2)), TIMEOUT, receiver);
        try (Socket first = server.accept()) {
            assertThat(read(first.getInputStream(), 4)[1] & 0x0F).isEqualTo(1);
            first.getOutputStream().write(new byte[] { 0x7F, 0x10, 0, 0 }); // error 1: serializer unsupported
            try (Socket second = server.accept()) {
                assertThat(read(second.getInputStream(), 4)[1] & 0x0F).as("MsgPack offered next").isEqualTo(2);
                second.getOutputStream().write(new byte[] { 0x7F, (byte) 0xF2, 0, 0 });
                assertThat(opened.get(5, TimeUnit.SECONDS).serializer().name()).isEqualTo("msgpack");
            }
        }
    }

    @Test
    void anotherRefusalFailsWithTheSpecsReason() throws Exception {
        RawSocketLink.Target target = tcp();
        CompletableFuture<RawSocketLink.Opened> opened = RawSocketLink.open(target,
                List.of(serializer("json", 1), serializer("msgpack", 2)), TIMEOUT, receiver);
        try (Socket s = server.accept()) {
            read(s.getInputStream(), 4);
            s.getOutputStream().write(new byte[] { 0x7F, 0x40, 0, 0 }); // error 4: connection count
            assertThatThrownBy(() -> opened.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("maximum connection count reached");
        }
    }

    @Test
    void aRouterThatNeverAnswersTheHandshakeTimesOut() throws Exception {
        RawSocketLink.Target target = tcp();
        CompletableFuture<RawSocketLink.Opened> opened = RawSocketLink.open(target, List.of(serializer("json", 1)),
                Duration.ofMillis(300), receiver);
        try (Socket s = server.accept()) {
            assertThatThrownBy(() -> opened.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("no RawSocket handshake answer");
        }
    }

    @Test
    void theRouterClosingTheConnectionIsReported() throws Exception {
        RawSocketLink.Target target = tcp();
        CompletableFuture<RawSocketLink.Opened> opened = RawSocketLink.open(target, List.of(serializer("json", 1)),
                TIMEOUT, receiver);
        try (Socket s = server.accept()) {
            read(s.getInputStream(), 4);
            s.getOutputStream().write(new byte[] { 0x7F, (byte) 0xF1, 0, 0 });
            opened.get(5, TimeUnit.SECONDS);
        }
        assertThat(closed.get(5, TimeUnit.SECONDS)).startsWith("1006 connection lost");
    }

    @Test
    void connectsOverAUnixDomainSocket(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("router.sock");
        try (ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            unix.bind(UnixDomainSocketAddress.of(path));
            CompletableFuture<RawSocketLink.Opened> opened = RawSocketLink.open(
                    new RawSocketLink.Target(null, 0, path, null, null), List.of(serializer("json", 1)), TIMEOUT,
                    receiver);
            try (SocketChannel s = unix.accept()) {
                InputStream in = Channels.newInputStream(s);
                OutputStream out = Channels.newOutputStream(s);
                assertThat(read(in, 4)).containsExactly(0x7F, 0xF1, 0, 0);
                out.write(new byte[] { 0x7F, (byte) 0xF1, 0, 0 });
                RawSocketLink link = opened.get(5, TimeUnit.SECONDS).link();
                frame(out, RawSocketLink.TYPE_MESSAGE, "[2,7,{}]");
                assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("[2,7,{}]");
                link.send("[6,{},\"wamp.close.normal\"]".getBytes(StandardCharsets.UTF_8), false);
                assertThat(read(in, 4)).containsExactly(0, 0, 0, 26);
                assertThat(new String(read(in, 26), StandardCharsets.UTF_8)).isEqualTo("[6,{},\"wamp.close.normal\"]");
                link.close(1000, "done");
                assertThat(closed.get(5, TimeUnit.SECONDS)).startsWith("1000");
            }
        }
        assertThat(Files.exists(path)).isTrue();
    }

    @Test
    void theHeartbeatPingsASilentRouterAndDropsTheConnectionWhenItStaysSilent() throws Exception {
        RawSocketLink.Target target = tcp();
        CompletableFuture<RawSocketLink.Opened> opened = RawSocketLink.open(target, List.of(serializer("json", 1)),
                TIMEOUT, receiver);
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            read(in, 4);
            out.write(new byte[] { 0x7F, (byte) 0xF1, 0, 0 });
            RawSocketLink link = opened.get(5, TimeUnit.SECONDS).link();
            Heartbeat heartbeat = Heartbeat.watch(link, Duration.ofMillis(200), Duration.ofMillis(300));
            try {
                // an answering router: each PING gets its PONG, and the connection stays
                for (int i = 0; i < 3; i++) {
                    byte[] header = read(in, 4);
                    assertThat(header[0]).as("PING").isEqualTo((byte) RawSocketLink.TYPE_PING);
                    byte[] payload = read(in, header[3]);
                    out.write(new byte[] { 2, 0, 0, (byte) payload.length });
                    out.write(payload);
                    out.flush();
                }
                assertThat(closed).as("answered pings keep the connection").isNotDone();
                // then silence: one more PING, no answer, and the link is dropped
                byte[] header = read(in, 4);
                assertThat(header[0]).isEqualTo((byte) RawSocketLink.TYPE_PING);
                assertThat(closed.get(5, TimeUnit.SECONDS)).startsWith("1006 auto-ping timeout");
            } finally {
                heartbeat.stop();
            }
        }
    }
}
