package dev.junction.transport.rawsocket.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.spi.log.RateLimitedLog;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.transport.Connection;
import dev.junction.spi.transport.Handshake;
import dev.junction.spi.transport.HandshakeRequest;
import dev.junction.spi.transport.SessionHandle;
import dev.junction.spi.transport.WampRouter;
import dev.junction.transport.endpoint.EndpointConnectors;
import dev.junction.transport.endpoint.PeerAddresses;
import dev.junction.transport.rawsocket.internal.RawSocketDecoder.FramingException;
import dev.junction.transport.rawsocket.internal.RawSocketProtocol.ClientHandshake;
import dev.junction.transport.rawsocket.internal.RawSocketProtocol.FrameType;
import dev.junction.transport.rawsocket.internal.RawSocketProtocol.HandshakeError;
import dev.junction.transport.rawsocket.internal.RawSocketProtocol.NotRawSocketException;

/**
 * One RawSocket connection, as a Jetty {@link AbstractConnection} on the shared connector (so TLS, the thread pool,
 * the buffer pool and the selector are Jetty's), and as the router's {@link Connection}.
 *
 * <p><b>Inbound.</b> {@link #onFillable} reads whatever arrived into a pooled buffer and feeds the
 * {@link RawSocketDecoder}: first the handshake (answered here: the spec's error codes, or the router's
 * {@link dev.junction.spi.transport.WampRouter#handshake}), then frames. Regular frames go to the router one at a time,
 * in order, on the reading thread; PINGs are answered with a PONG carrying the same payload. A frame longer than the
 * announced maximum, with reserved bits or of a reserved type fails the connection (there is no close frame in
 * RawSocket: the socket is closed, and the router hears 1009 or 1002).
 *
 * <p><b>Outbound.</b> {@link #send} and {@link #close} append to a lock-free queue and return; a Jetty
 * {@link IteratingCallback} writes what is queued, several frames per gathering write, one write at a time. A message
 * longer than the peer's announced maximum cannot be sent: the connection is closed (1009) instead.
 */
final class RawSocketConnection extends AbstractConnection implements Connection, RawSocketDecoder.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RawSocketConnection.class);
    // What a peer can make happen as often as it likes is logged through rate limiters, one per kind, so that a flood
    // of bad frames, refused handshakes or dead connections cannot fill the disk.
    private static final RateLimitedLog BAD_INPUT = new RateLimitedLog(LOG);
    private static final RateLimitedLog REFUSALS = new RateLimitedLog(LOG);
    private static final RateLimitedLog TIMEOUTS = new RateLimitedLog(LOG);
    private static final int MAX_BATCH = 32;

    /** The queue item that closes the socket once everything before it has been written. */
    private static final Object CLOSE = new Object();

    private final RawSocketTransport transport;
    private final RawSocketSettings settings;
    private final ByteBufferPool buffers;
    private final Scheduler scheduler;
    private final RawSocketDecoder decoder;
    private final String peer;

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final Flusher flusher = new Flusher();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final AtomicBoolean closeReported = new AtomicBoolean();
    private final CompletableFuture<Void> gone = new CompletableFuture<>();
    private final AtomicReference<byte[]> pendingPing = new AtomicReference<>();

    private volatile SessionHandle session;
    private volatile Serializer serializer;
    private volatile int peerMaxLength = RawSocketProtocol.MAX_ANNOUNCED_LENGTH;
    private volatile boolean readingStopped;
    private volatile int closeCode = 1006;
    private volatile String closeReason = "connection lost";

    RawSocketConnection(RawSocketTransport transport, EndPoint endPoint, ByteBufferPool buffers,
            Scheduler scheduler, java.util.concurrent.Executor executor) {
        super(endPoint, executor);
        this.transport = transport;
        this.settings = transport.settings();
        this.buffers = buffers;
        this.scheduler = scheduler;
        this.decoder = new RawSocketDecoder(this, settings.inboundLimit());
        this.peer = PeerAddresses.describe(endPoint.getRemoteSocketAddress());
    }

    @Override
    public void onOpen() {
        super.onOpen();
        transport.accepted(this);
        // Until the handshake, Jetty's idle timeout bounds how long a silent client may hold the socket; after it,
        // there is none (RawSocket has no traffic of its own: auto-ping finds dead peers).
        getEndPoint().setIdleTimeout(settings.openHandshakeTimeout());
        fillInterested();
    }

    @Override
    public void onFillable() {
        RetainableByteBuffer.Mutable buffer = buffers.acquire(getInputBufferSize(), false);
        ByteBuffer bytes = buffer.getByteBuffer();
        try {
            while (!readingStopped) {
                BufferUtil.clear(bytes);
                int filled = getEndPoint().fill(bytes);
                if (filled > 0) {
                    decoder.feed(bytes);
                } else if (filled == 0) {
                    fillInterested();
                    return;
                } else {
                    readingStopped = true;
                    if (!closeRequested.get()) {
                        closeCode = 1000;
                        closeReason = "closed by peer";
                    }
                    getEndPoint().close();
                    return;
                }
            }
        } catch (FramingException e) {
            BAD_INPUT.warn("Transport {}: closing the RawSocket connection from {}: {}", settings.id(), peer,
                    e.getMessage());
            fail(e.tooBig ? 1009 : 1002, e.getMessage());
        } catch (IOException e) {
            LOG.debug("Transport {}: read from {} failed", settings.id(), peer, e);
            getEndPoint().close(e);
        } finally {
            buffer.release();
        }
    }

    // ---- decoder callbacks (reading thread)

    @Override
    public boolean handshake(byte[] octets) {
        ClientHandshake hello;
        try {
            hello = RawSocketProtocol.readHandshake(octets);
        } catch (NotRawSocketException e) {
            // Not RawSocket at all (an HTTP client, a scanner): the spec says fail the connection, with no reply.
            BAD_INPUT.info("Transport {}: closing the connection from {}: {}", settings.id(), peer, e.getMessage());
            readingStopped = true;
            getEndPoint().close();
            return false;
        }
        if (hello.reservedBitsUsed()) {
            return refuseHere(HandshakeError.RESERVED_BITS_USED, "the reserved handshake octets are not zero");
        }
        Serializer chosen = transport.serializers().choose(hello.serializerId(), settings.serializers());
        if (chosen == null) {
            return refuseHere(HandshakeError.SERIALIZER_UNSUPPORTED,
                    "serializer id " + hello.serializerId() + " is not offered");
        }
        if (settings.minPeerMaxMessageSize() > 0 && hello.maxLength() < settings.minPeerMaxMessageSize()) {
            return refuseHere(HandshakeError.MAX_LENGTH_UNACCEPTABLE, "the client accepts messages of at most "
                    + hello.maxLength() + " bytes, less than options.min_peer_max_message_size="
                    + settings.minPeerMaxMessageSize());
        }
        if (transport.closing()) {
            return refuseHere(HandshakeError.MAX_CONNECTIONS_REACHED, "the transport is shutting down");
        }
        if (!transport.admit(this)) {
            return refuseHere(HandshakeError.MAX_CONNECTIONS_REACHED,
                    "options.max_connections=" + settings.maxConnections() + " reached");
        }
        EndPoint endPoint = getEndPoint();
        HandshakeRequest request = new HandshakeRequest(settings.id(), RawSocketSettings.TYPE, peer,
                EndpointConnectors.isSecure(endPoint), null, Map.of(), EndpointConnectors.clientCertificates(endPoint),
                chosen, settings.authConfig());
        Handshake handshake;
        try {
            handshake = transport.router().handshake(request);
        } catch (RuntimeException e) {
            LOG.error("Transport {}: the router failed on a handshake from {}", settings.id(), peer, e);
            transport.released(this);
            readingStopped = true;
            getEndPoint().close();
            return false;
        }
        if (!handshake.accepted()) {
            // RawSocket has no code for "refused"; 4 (try again later) is the closest to what routers refuse for.
            transport.released(this);
            return refuse(HandshakeError.MAX_CONNECTIONS_REACHED, "the router refused the connection: "
                    + handshake.refusalStatus() + " " + handshake.refusalReason());
        }
        getEndPoint().setIdleTimeout(0);
        peerMaxLength = hello.maxLength();
        serializer = chosen;
        enqueue(new ByteBuffer[] { ByteBuffer.wrap(RawSocketProtocol.acceptance(
                RawSocketProtocol.lengthExponent(settings.maxMessageSize()), hello.serializerId())) });
        try {
            session = handshake.open(this);
        } catch (RuntimeException e) {
            LOG.error("Transport {}: the router failed to open a session for {}", settings.id(), peer, e);
            fail(1011, "internal error");
            return false;
        }
        transport.opened(this);
        if (settings.autoPingInterval() > 0) {
            scheduler.schedule(this::autoPing, settings.autoPingInterval(), TimeUnit.MILLISECONDS);
        }
        if (settings.debug()) {
            LOG.info("Transport {}: RawSocket connection from {} with {}, peer accepts up to {} bytes", settings.id(),
                    peer, chosen.name(), peerMaxLength);
        }
        return true;
    }

    @Override
    public boolean frame(FrameType type, byte[] payload) {
        switch (type) {
            case REGULAR -> {
                SessionHandle handle = session;
                if (settings.debug()) {
                    LOG.info("Transport {}: {} in ({} bytes): {}", settings.id(), peer, payload.length,
                            preview(payload));
                }
                handle.onMessage(payload);
            }
            case PING -> {
                if (payload.length > peerMaxLength) {
                    fail(1009, "PING of " + payload.length + " bytes exceeds what the peer accepts in its PONG");
                    return false;
                }
                enqueue(frameOf(FrameType.PONG, payload));
            }
            case PONG -> pendingPing.compareAndSet(matching(payload), null);
        }
        return !readingStopped;
    }

    // ---- the router's Connection

    @Override
    public void send(byte[] message) {
        if (closeRequested.get()) {
            LOG.debug("Dropping a message of {} bytes sent after close", message.length);
            return;
        }
        if (message.length > peerMaxLength) {
            LOG.warn("Transport {}: a message of {} bytes for {} exceeds the {} bytes it announced; closing",
                    settings.id(), message.length, peer, peerMaxLength);
            close(1009, "message exceeds the peer's maximum length");
            return;
        }
        if (settings.debug()) {
            LOG.info("Transport {}: {} out ({} bytes): {}", settings.id(), peer, message.length, preview(message));
        }
        enqueue(frameOf(FrameType.REGULAR, message));
    }

    @Override
    public void close(int code, String reason) {
        if (!closeRequested.compareAndSet(false, true)) {
            return;
        }
        closeCode = code;
        closeReason = reason;
        readingStopped = true;
        if (code == 1006) {
            getEndPoint().close(); // "abnormal": drop at once, as the WebSocket transport does
            return;
        }
        queue.add(CLOSE);
        flusher.iterate();
    }

    @Override
    public boolean debug() {
        return settings.debug();
    }

    // ---- Jetty lifecycle

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        readingStopped = true;
        pendingPing.set(null);
        queue.clear();
        transport.closed(this);
        SessionHandle handle = session;
        if (handle != null && closeReported.compareAndSet(false, true)) {
            String reason = cause != null && !closeRequested.get() ? String.valueOf(cause.getMessage()) : closeReason;
            handle.onClose(closeCode, reason);
        }
        gone.complete(null);
    }

    @Override
    public boolean onIdleExpired(java.util.concurrent.TimeoutException timeout) {
        if (session == null) {
            TIMEOUTS.info("Transport {}: no RawSocket handshake from {} within options.open_handshake_timeout={} ms; "
                    + "closing", settings.id(), peer, settings.openHandshakeTimeout());
        }
        closeCode = 1006;
        closeReason = "idle timeout";
        return true;
    }

    SessionHandle session() {
        return session;
    }

    Serializer serializer() {
        return serializer;
    }

    String peer() {
        return peer;
    }

    /** Completes when the socket is closed. */
    CompletableFuture<Void> gone() {
        return gone;
    }

    /** Tells the router the connection is gone (the transport stopped before the socket said so). */
    void reportClosed(int code, String reason) {
        SessionHandle handle = session;
        if (handle != null && closeReported.compareAndSet(false, true)) {
            handle.onClose(code, reason);
        }
    }

    // ---- internals

    /** A refusal of this transport's own, before the router was asked: counted by the router, then answered. */
    private boolean refuseHere(HandshakeError error, String detail) {
        WampRouter router = transport.router();
        if (router != null) {
            router.handshakeRefused(settings.id(), RawSocketSettings.TYPE, error.name().toLowerCase(Locale.ROOT));
        }
        return refuse(error, detail);
    }

    private boolean refuse(HandshakeError error, String detail) {
        REFUSALS.info("Transport {}: RawSocket handshake from {} refused with error {} ({}): {}", settings.id(), peer,
                error.code, error.description, detail);
        closeRequested.set(true);
        readingStopped = true;
        enqueue(new ByteBuffer[] { ByteBuffer.wrap(RawSocketProtocol.refusal(error)) });
        queue.add(CLOSE);
        flusher.iterate();
        return false;
    }

    /** Fails the connection from the reading side: the router hears {@code code} when the socket is closed. */
    private void fail(int code, String reason) {
        if (closeRequested.compareAndSet(false, true)) {
            closeCode = code;
            closeReason = reason;
        }
        readingStopped = true;
        getEndPoint().close();
    }

    private void enqueue(ByteBuffer[] frame) {
        queue.add(frame);
        flusher.iterate();
    }

    private static ByteBuffer[] frameOf(FrameType type, byte[] payload) {
        return new ByteBuffer[] { ByteBuffer.wrap(RawSocketProtocol.header(type, payload.length)),
                ByteBuffer.wrap(payload) };
    }

    private void autoPing() {
        if (readingStopped || !getEndPoint().isOpen()) {
            return;
        }
        if (pendingPing.get() == null) {
            byte[] payload = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putLong(System.nanoTime())
                    .putLong(ThreadLocalRandom.current().nextLong()).array();
            pendingPing.set(payload);
            enqueue(frameOf(FrameType.PING, payload));
            if (settings.autoPingTimeout() > 0) {
                scheduler.schedule(() -> {
                    if (pendingPing.get() == payload) {
                        TIMEOUTS.info("Transport {}: no PONG from {} within {} ms; dropping the connection",
                                settings.id(), peer, settings.autoPingTimeout());
                        close(1006, "auto-ping timeout");
                    }
                }, settings.autoPingTimeout(), TimeUnit.MILLISECONDS);
            }
        }
        scheduler.schedule(this::autoPing, settings.autoPingInterval(), TimeUnit.MILLISECONDS);
    }

    private byte[] matching(byte[] pong) {
        byte[] expected = pendingPing.get();
        return expected != null && Arrays.equals(expected, pong) ? expected : null;
    }

    private String preview(byte[] message) {
        Serializer current = serializer;
        if (current != null && !current.isBinary()) {
            String text = new String(message, 0, Math.min(message.length, 300), java.nio.charset.StandardCharsets.UTF_8);
            return message.length > 300 ? text + "..." : text;
        }
        return "(binary)";
    }

    /** Writes what is queued, one gathering write at a time; the close marker closes the socket after it. */
    private final class Flusher extends IteratingCallback {
        private final List<ByteBuffer> batch = new ArrayList<>();
        private boolean closeNext;

        @Override
        protected Action process() {
            batch.clear();
            if (!closeNext) {
                Object item;
                int frames = 0;
                while (frames < MAX_BATCH && (item = queue.poll()) != null) {
                    if (item == CLOSE) {
                        closeNext = true;
                        break;
                    }
                    batch.addAll(Arrays.asList((ByteBuffer[]) item));
                    frames++;
                }
            }
            if (batch.isEmpty()) {
                if (closeNext) {
                    getEndPoint().close();
                    return Action.SUCCEEDED;
                }
                return Action.IDLE;
            }
            getEndPoint().write(this, batch.toArray(ByteBuffer[]::new));
            return Action.SCHEDULED;
        }

        @Override
        protected void onCompleteFailure(Throwable failure) {
            LOG.debug("Transport {}: write to {} failed", settings.id(), peer, failure);
            queue.clear();
            getEndPoint().close(failure);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }
}
