package dev.junction.client.internal;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.junction.spi.serializer.Serializer;

/**
 * One WAMP-over-RawSocket connection (the spec's section "RawSocket Transport"): the 4-byte handshake naming the
 * serializer and the longest message this side accepts, then frames of a 4-byte header (type: WAMP message, PING
 * or PONG; 24-bit length) and the message. Over TCP, TLS or a Unix domain socket. A handshake the router answers
 * with "serializer unsupported" is retried with the next serializer on a new connection, so serializers are
 * honoured in order of preference although the handshake names only one.
 *
 * <p>One thread per link connects, shakes hands and then reads; sends write directly, serialized on the stream.
 */
final class RawSocketLink implements Link {
    static final int MAGIC = 0x7F;
    static final int TYPE_MESSAGE = 0;
    static final int TYPE_PING = 1;
    static final int TYPE_PONG = 2;
    /** The longest message this client accepts: 2^(9+15) = 16 MiB, the most the handshake can name. */
    static final int MAX_LENGTH_EXPONENT = 15;

    /** Where to connect: a TCP host and port (TLS when {@code tls} is set), or a Unix domain socket. */
    record Target(String host, int port, Path unixSocket, SSLContext tls, String tlsHostname) {
        @Override
        public String toString() {
            return unixSocket != null ? "unix:" + unixSocket : (tls != null ? "rss://" : "rs://") + host + ":" + port;
        }
    }

    /** A link after its handshake, with the serializer the router accepted. */
    record Opened(RawSocketLink link, Serializer serializer) {
    }

    /** The router refused the handshake with one of the spec's error codes. */
    static final class HandshakeRefused extends IOException {
        final int code;

        HandshakeRefused(int code) {
            super("the router refused the RawSocket handshake: " + describe(code));
            this.code = code;
        }
    }

    private final Receiver receiver;
    private final Closeable socket;
    private final InputStream in;
    private final OutputStream out;
    private final int peerMaxLength;
    private final Serializer serializer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closedByUs;
    private volatile long lastHeard = System.nanoTime();

    private RawSocketLink(Receiver receiver, Streams streams, int peerMaxLength, Serializer serializer) {
        this.receiver = receiver;
        this.socket = streams.socket;
        this.in = streams.in;
        this.out = streams.out;
        this.peerMaxLength = peerMaxLength;
        this.serializer = serializer;
    }

    /**
     * Connects to {@code target} and shakes hands with the first of {@code serializers} the router accepts; the
     * returned link then reads on its own thread until the connection ends.
     */
    static CompletableFuture<Opened> open(Target target, List<Serializer> serializers, Duration timeout,
            Receiver receiver) {
        CompletableFuture<Opened> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            RawSocketLink link;
            try {
                link = connect(target, serializers, timeout, receiver);
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            if (result.complete(new Opened(link, link.serializer))) {
                link.readLoop();
            } else {
                link.shut(); // the caller gave up meanwhile
            }
        }, "junction-rawsocket-" + target);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    private static RawSocketLink connect(Target target, List<Serializer> serializers, Duration timeout,
            Receiver receiver) throws IOException {
        HandshakeRefused last = null;
        for (Serializer s : serializers) {
            Streams streams = Streams.connect(target, timeout);
            // A router that accepts the connection but never answers must not hold the thread forever.
            AtomicBoolean shaken = new AtomicBoolean();
            AtomicBoolean timedOut = new AtomicBoolean();
            CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                if (!shaken.get()) {
                    timedOut.set(true);
                    closeQuietly(streams.socket);
                }
            });
            byte[] reply;
            try {
                streams.out.write(new byte[] { (byte) MAGIC, (byte) (MAX_LENGTH_EXPONENT << 4 | s.rawSocketId()), 0,
                        0 });
                streams.out.flush();
                reply = readFully(streams.in, 4);
            } catch (IOException e) {
                closeQuietly(streams.socket);
                throw timedOut.get() ? new IOException("no RawSocket handshake answer from " + target + " within "
                        + timeout.toMillis() + " ms") : e;
            } finally {
                shaken.set(true);
            }
            int serializerId = reply[1] & 0x0F;
            int high = (reply[1] & 0xF0) >> 4;
            if ((reply[0] & 0xFF) != MAGIC || (serializerId != 0 && serializerId != s.rawSocketId())) {
                closeQuietly(streams.socket);
                throw new IOException("not a RawSocket handshake answer from " + target + ": "
                        + HexFormat.of().formatHex(reply));
            }
            if (serializerId == 0) {
                closeQuietly(streams.socket);
                last = new HandshakeRefused(high);
                if (high == 1) {
                    continue; // serializer unsupported: offer the next one
                }
                throw last;
            }
            return new RawSocketLink(receiver, streams, 1 << (9 + high), s);
        }
        throw last != null ? last : new IOException("no serializer to offer");
    }

    Serializer serializer() {
        return serializer;
    }

    @Override
    public void send(byte[] data, boolean binary) {
        if (data.length > peerMaxLength) {
            // The router would drop the connection for it; say why instead.
            receiverClosed(1009, "message of " + data.length + " bytes is over the router's RawSocket limit of "
                    + peerMaxLength);
            shut();
            return;
        }
        writeFrame(TYPE_MESSAGE, data);
    }

    private void writeFrame(int type, byte[] data) {
        int n = data.length;
        byte[] header = { (byte) type, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n };
        try {
            synchronized (out) {
                out.write(header);
                out.write(data);
                out.flush();
            }
        } catch (IOException e) {
            shut();
        }
    }

    @Override
    public void close(int code, String reason) {
        closedByUs = true;
        shut();
    }

    private void shut() {
        closeQuietly(socket);
    }

    @Override
    public void ping(byte[] payload) {
        writeFrame(TYPE_PING, payload);
    }

    @Override
    public long lastHeardNanos() {
        return lastHeard;
    }

    @Override
    public void abort(String reason) {
        receiverClosed(1006, reason);
    }

    private void readLoop() {
        int maxLength = 1 << (9 + MAX_LENGTH_EXPONENT);
        try {
            while (true) {
                byte[] header = readFully(in, 4);
                lastHeard = System.nanoTime();
                int type = header[0] & 0xFF;
                int length = (header[1] & 0xFF) << 16 | (header[2] & 0xFF) << 8 | header[3] & 0xFF;
                if ((type & 0xF8) != 0 || type > TYPE_PONG) {
                    receiverClosed(1002, "RawSocket frame with reserved bits or unknown type " + type);
                    return;
                }
                if (length > maxLength) {
                    receiverClosed(1009, "RawSocket frame of " + length + " bytes is over the " + maxLength
                            + " announced");
                    return;
                }
                byte[] body = readFully(in, length);
                switch (type) {
                    case TYPE_MESSAGE -> receiver.onMessage(body, serializer.isBinary());
                    case TYPE_PING -> writeFrame(TYPE_PONG, body);
                    default -> {
                        // PONG: lastHeard is all the heartbeat needs
                    }
                }
            }
        } catch (IOException e) {
            receiverClosed(closedByUs ? 1000 : 1006, closedByUs ? "closed" : "connection lost: " + e.getMessage());
        } finally {
            shut();
        }
    }

    private void receiverClosed(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            shut();
            receiver.onClosed(code, reason);
        }
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) {
                throw new EOFException("connection closed by the router");
            }
            off += r;
        }
        return b;
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    static String describe(int code) {
        return switch (code) {
            case 1 -> "serializer unsupported";
            case 2 -> "maximum message length unacceptable";
            case 3 -> "use of reserved bits (unsupported feature)";
            case 4 -> "maximum connection count reached";
            default -> "error code " + code;
        };
    }

    /** The byte streams of one connection, and what closes it. */
    private record Streams(Closeable socket, InputStream in, OutputStream out) {

        static Streams connect(Target target, Duration timeout) throws IOException {
            if (target.unixSocket() != null) {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    channel.connect(UnixDomainSocketAddress.of(target.unixSocket()));
                } catch (IOException e) {
                    closeQuietly(channel);
                    throw new IOException("cannot connect to unix socket " + target.unixSocket() + ": " + e, e);
                }
                // Not Channels.newInputStream/newOutputStream: they share the channel's blocking lock, so a blocked
                // read would stop every write.
                return new Streams(channel, new ChannelInput(channel), new ChannelOutput(channel));
            }
            Socket plain = new Socket();
            try {
                plain.setTcpNoDelay(true);
                plain.connect(new InetSocketAddress(target.host(), target.port()), (int) timeout.toMillis());
                if (target.tls() == null) {
                    return new Streams(plain, plain.getInputStream(), plain.getOutputStream());
                }
                String verifyAs = target.tlsHostname() != null ? target.tlsHostname() : target.host();
                SSLSocket tls = (SSLSocket) target.tls().getSocketFactory().createSocket(plain, verifyAs,
                        target.port(), true);
                SSLParameters params = tls.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!verifyAs.isEmpty() && Character.isLetter(verifyAs.charAt(0))) {
                    params.setServerNames(List.of(new SNIHostName(verifyAs)));
                }
                tls.setSSLParameters(params);
                tls.setSoTimeout((int) timeout.toMillis());
                tls.startHandshake();
                tls.setSoTimeout(0);
                return new Streams(tls, tls.getInputStream(), tls.getOutputStream());
            } catch (IOException e) {
                closeQuietly(plain);
                throw new IOException("cannot connect to " + target + ": " + e.getMessage(), e);
            }
        }
    }

    private static final class ChannelInput extends InputStream {
        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return channel.read(ByteBuffer.wrap(b, off, len));
        }
    }

    private static final class ChannelOutput extends OutputStream {
        private final SocketChannel channel;

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }
}
