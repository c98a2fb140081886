package dev.junction.transport.websocket.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Frame;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.CloseException;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.spi.log.RateLimitedLog;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.transport.Handshake;
import dev.junction.spi.transport.SessionHandle;

/**
 * The Jetty endpoint of one WAMP connection, created by {@link UpgradeCreator} once the router accepted the
 * handshake. It opens the router session when the upgrade completes (or abandons it when the upgrade fails), hands
 * every inbound message to the {@link SessionHandle} and tells it exactly once when the connection is gone.
 *
 * <p>Jetty calls the listener methods one at a time for a connection, which gives the router the ordering
 * {@link SessionHandle#onMessage} promises. Public because Jetty binds the listener methods by method handle.
 */
public final class WampEndpoint implements Session.Listener.AutoDemanding, QueuedConnection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(WampEndpoint.class);
    /** Protocol errors are the peer's doing (too big, bad UTF-8, bad frames): a flood of them costs bounded lines. */
    private static final RateLimitedLog PEER_ERRORS = new RateLimitedLog(LOG);
    private static final int NEW = 0;
    private static final int OPEN = 1;
    private static final int ABANDONED = 2;

    private final JettyTransport transport;
    private final Handshake handshake;
    private final Serializer serializer;
    /** {@code <subprotocol>.batched}: frames carry batches ({@link Batching}); the router sees single messages. */
    private final boolean batched;
    private final TransportSettings.Options options;
    private final String peer;
    // Field updaters instead of Atomic* objects: every idle session keeps its endpoint (issue 8, heap per session).
    private static final AtomicIntegerFieldUpdater<WampEndpoint> STATE =
            AtomicIntegerFieldUpdater.newUpdater(WampEndpoint.class, "state");
    private static final AtomicIntegerFieldUpdater<WampEndpoint> CLOSE_NOTIFIED =
            AtomicIntegerFieldUpdater.newUpdater(WampEndpoint.class, "closeNotified");
    private volatile int state = NEW;
    private volatile int closeNotified;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private volatile Session session;
    private volatile SessionHandle handle;
    private volatile QueuedConnection connection;
    /** With {@code batched}: frames and unframes around {@link #connection}. */
    private volatile BatchedConnection batchedConnection;
    private volatile AutoPing autoPing;
    /** Joins inbound frames into messages; set at open, before Jetty delivers the first frame. */
    private volatile InboundMessages inboundMessages;
    private volatile String dropReason;

    WampEndpoint(JettyTransport transport, Handshake handshake, Serializer serializer, boolean batched, String peer,
            TransportSettings.Options options) {
        this.transport = transport;
        this.handshake = handshake;
        this.serializer = serializer;
        this.batched = batched;
        this.options = options;
        this.peer = peer;
    }

    /** For log lines (built when one is written, not kept per connection). */
    @Override
    public String toString() {
        return "Transport " + transport.id() + " " + peer + " (" + serializer.subprotocol()
                + (batched ? Batching.SUFFIX : "") + ")";
    }

    Serializer serializer() {
        return serializer;
    }

    /** The Jetty session once open (tests read its settings). */
    Session session() {
        return session;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        if (!STATE.compareAndSet(this, NEW, OPEN)) {
            session.disconnect();
            return;
        }
        transport.pendingDone(this);
        this.session = session;
        inboundMessages = new InboundMessages(session.getMaxTextMessageSize(), session.getMaxBinaryMessageSize());
        CoreSession core = ((WebSocketSession) session).getCoreSession();
        if (options.maxFrameSize() > 0 && core.getNegotiatedExtensions().stream()
                .anyMatch(e -> DeflateNegotiation.PERMESSAGE_DEFLATE.equals(e.getName()))) {
            // Without auto-fragment Jetty refuses every compressed frame that inflates beyond min(max_frame_size,
            // 8 KiB). So with permessage-deflate an oversized frame is split instead of refused with 1009; memory
            // per frame stays bounded by max_frame_size and max_message_size still applies.
            session.setAutoFragment(true);
        }
        connection = new QueuedConnection(core, serializer.isBinary(), batched,
                options.outgoingFragmentSize(), options.closeHandshakeTimeout(), transport.scheduler(), this);
        try {
            batchedConnection = batched ? new BatchedConnection(connection, serializer.isBinary()) : null;
            handle = handshake.open(batched ? batchedConnection : connection);
        } catch (RuntimeException | Error e) {
            LOG.error("{}: the router failed to open the session", this, e);
        }
        if (handle == null) {
            session.close(StatusCode.SERVER_ERROR, "internal error", Callback.NOOP);
            return;
        }
        if (options.autoPingInterval() > 0) {
            autoPing = new AutoPing(session, transport.scheduler(), options, () -> drop("auto-ping timeout"));
            autoPing.start();
        }
        if (transport.debug()) {
            LOG.info("{}: open", this);
        }
        transport.opened(this);
    }

    /**
     * Every frame of the connection, pings and closes included: Jetty's message sinks are bypassed (see
     * {@link InboundMessages} for why), so this answers pings itself and joins fragments.
     */
    @Override
    public void onWebSocketFrame(Frame frame, Callback callback) {
        byte opcode = frame.getOpCode();
        InboundMessages messages = inboundMessages;
        if (messages == null) {
            callback.succeed(); // opened twice and disconnected (onWebSocketOpen): nothing to deliver to
            return;
        }
        switch (opcode) {
            case OpCode.TEXT, OpCode.BINARY, OpCode.CONTINUATION -> {
                byte[] message;
                try {
                    message = messages.frame(opcode, frame.getPayload(), frame.isFin());
                } catch (org.eclipse.jetty.websocket.core.exception.CloseException e) {
                    // Jetty's session closes with the exception's code (1007, 1009, 1002) and reports it to
                    // onWebSocketError, as it does for its own sinks.
                    callback.fail(e);
                    return;
                }
                callback.succeed();
                if (message != null) {
                    inbound(message, frame.getEffectiveOpCode() == OpCode.BINARY);
                }
            }
            case OpCode.PING -> {
                // The frame's payload stays valid until its callback completes, so the pong sends it as it is.
                Session s = session;
                ByteBuffer payload = frame.getPayload();
                s.sendPong(payload == null ? ByteBuffer.allocate(0) : payload, callback);
            }
            case OpCode.PONG -> {
                AutoPing ping = autoPing;
                if (ping != null) {
                    ping.pong(frame.getPayload() == null ? ByteBuffer.allocate(0) : frame.getPayload());
                }
                callback.succeed();
            }
            case OpCode.CLOSE -> {
                Frame.CloseStatus status = frame.getCloseStatus();
                onWebSocketClose(status == null ? StatusCode.NO_CODE : status.statusCode(),
                        status == null ? null : status.reason(), callback);
            }
            default -> callback.succeed();
        }
    }

    @Override
    public boolean debug() {
        return transport.debug();
    }

    private void inbound(byte[] bytes, boolean binary) {
        AutoPing ping = autoPing;
        if (ping != null) {
            ping.traffic();
        }
        if (transport.debug()) {
            LOG.info("{}: in {} message {} bytes", this, binary ? "binary" : "text", bytes.length);
        }
        SessionHandle h = handle;
        if (h == null || closeNotified != 0) {
            return;
        }
        try {
            if (binary != serializer.isBinary()) {
                h.onWrongFrameType((binary ? "binary" : "text") + " frame on subprotocol " + serializer.subprotocol()
                        + (batched ? Batching.SUFFIX : "") + ", which uses " + (binary ? "text" : "binary")
                        + " frames");
            } else if (batched) {
                List<byte[]> messages;
                try {
                    messages = batchedConnection.split(bytes);
                } catch (IllegalArgumentException e) {
                    h.onWrongFrameType(e.getMessage());
                    return;
                }
                for (byte[] message : messages) {
                    h.onMessage(message);
                }
            } else {
                h.onMessage(bytes);
            }
        } catch (RuntimeException e) {
            LOG.error("{}: the router failed on an inbound message", this, e);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (cause instanceof CloseException) {
            PEER_ERRORS.info("{}: {}", this, cause.toString());
        } else {
            LOG.debug("{}: connection error", this, cause);
        }
        if (options.failByDrop()) {
            drop(cause.toString());
        }
    }

    /**
     * The peer's close frame (from {@link #onWebSocketFrame}), and again from Jetty once the connection is closed,
     * when only the notification to the router is left to do, which happens once.
     */
    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        // The router first, with the peer's code: answering below completes the close handshake, and Jetty then
        // reports the closed connection, with our code, on this very thread.
        closed(statusCode, reason);
        try {
            Session s = session;
            if (!options.echoCloseCodeReason() && s != null && s.isOpen()) {
                // The peer's close frame arrived and ours is not sent yet: answer 1000 without reason, as Crossbar
                // does by default, instead of letting Jetty echo the peer's code and reason.
                s.close(StatusCode.NORMAL, null, Callback.NOOP);
            }
        } finally {
            callback.succeed();
        }
    }

    /** Notifies the router once; later calls do nothing. */
    void closed(int code, String reason) {
        if (!CLOSE_NOTIFIED.compareAndSet(this, 0, 1)) {
            return;
        }
        AutoPing ping = autoPing;
        if (ping != null) {
            ping.stop();
        }
        QueuedConnection c = connection;
        if (c != null) {
            c.terminated();
        }
        transport.closed(this);
        closed.complete(null);
        String shown = dropReason != null ? dropReason : reason;
        if (transport.debug()) {
            LOG.info("{}: closed {} {}", this, code, shown);
        }
        SessionHandle h = handle;
        if (h != null) {
            try {
                h.onClose(code, shown);
            } catch (RuntimeException e) {
                LOG.error("{}: the router failed on close", this, e);
            }
        }
    }

    /** The router accepted the handshake but the upgrade did not complete: let it forget the connection. */
    void upgradeFailed(Throwable failure) {
        if (!STATE.compareAndSet(this, NEW, ABANDONED)) {
            return;
        }
        transport.pendingDone(this);
        LOG.debug("{}: upgrade failed after the router accepted it", this, failure);
        try {
            handshake.abandon();
        } catch (RuntimeException e) {
            LOG.error("{}: the router failed to abandon a handshake", this, e);
        }
    }

    /** Asks the router to wind the session down; completes when it has asked for the close. */
    CompletionStage<Void> shutdown(String reason) {
        SessionHandle h = handle;
        if (h == null || closeNotified != 0) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            CompletionStage<Void> stage = h.shutdown(reason);
            return stage == null ? CompletableFuture.completedFuture(null) : stage;
        } catch (RuntimeException e) {
            LOG.error("{}: the router failed to shut the session down", this, e);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Completes when our close frame is written or the connection is gone. */
    CompletableFuture<Void> closeWrittenOrClosed() {
        QueuedConnection c = connection;
        return c == null ? closed : CompletableFuture.anyOf(c.closeWritten(), closed).thenApply(x -> null);
    }

    @Override
    public void writing(byte[] message, int frames) {
        if (transport.debug()) {
            LOG.info("{}: out {} message {} bytes{}", this, serializer.isBinary() ? "binary" : "text",
                    message.length, frames > 1 ? " in " + frames + " frames" : "");
        }
    }

    @Override
    public void drop(String reason) {
        dropReason = reason;
        Session s = session;
        if (s != null) {
            LOG.debug("{}: dropping the connection: {}", this, reason);
            s.disconnect();
        }
        // Jetty does not always report the close of a connection dropped while a frame is stuck in its socket (a
        // peer that stopped reading): tell the router here. Idempotent, so a later report from Jetty is ignored.
        closed(StatusCode.ABNORMAL, reason);
    }
}
