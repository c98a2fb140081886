package dev.junction.transport.websocket.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.spi.transport.Connection;

/**
 * The router's {@link Connection} over one WebSocket session: a FIFO of outbound messages written one frame at a
 * time.
 *
 * <p><b>Never blocks.</b> {@link #send} and {@link #close} append to a lock-free queue and return. Whoever finds the
 * writer idle (the {@code writing} flag) becomes the writer and starts the next frame; the frame's completion
 * callback hands the writer role on. A frame that completes synchronously is followed by the next one in the same
 * loop, so the stack does not grow with the queue. Only the writer touches {@link #current} and {@link #offset}.
 *
 * <p><b>Frames.</b> Messages go out byte for byte as the serializer encoded them, as TEXT frames for a text
 * serializer and BINARY frames otherwise (through Jetty's core session, so a text message is not decoded and
 * re-encoded). A message longer than the fragment size (the smaller non-zero of {@code auto_fragment_size} and
 * {@code max_frame_size}) is cut into a first frame and CONTINUATION frames; RFC 6455 allows a text message to be
 * cut inside a UTF-8 sequence.
 *
 * <p><b>Gathering.</b> A frame written while more are queued behind it is handed to Jetty in batch mode, so a burst
 * of small messages leaves in one socket write; the last frame of the burst (nothing queued behind it) flushes.
 * The writer always goes on while the queue is not empty, so a batched frame is never left unflushed.
 *
 * <p><b>Batches.</b> On a {@code .batched} subprotocol every queued message is already a complete batch, and
 * batches joined end to end are one batch: the writer joins what is queued behind the next message (up to
 * {@value #JOIN_LIMIT} bytes) into one WebSocket message.
 *
 * <p><b>Close.</b> {@link #close} queues behind every message sent before it; messages sent after it are dropped.
 * Code 1006 (abnormal) drops the TCP connection instead of sending a close frame. With
 * {@code close_handshake_timeout} the connection is dropped when the peer has not answered the close frame in time.
 *
 * <p><b>Limits.</b> {@link #queuedBytes()} and {@link #queuedMessages()} count what was accepted and is not yet
 * written; the router reads them to bound each session's queue (its realm's {@code outbound.*} policy) and calls
 * {@link #abort} for a peer that stopped reading: the queue is discarded at once, a close frame is attempted, and the
 * TCP connection is dropped when the peer has not answered it within {@code close_handshake_timeout} (or
 * {@value #ABORT_GRACE_MILLIS} ms when that is off), since a peer that does not read may never take the close frame.
 */
final class QueuedConnection implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedConnection.class);
    /** How long an aborted peer has to answer the close frame when {@code close_handshake_timeout} is off. */
    static final int ABORT_GRACE_MILLIS = 2000;
    /**
     * Largest WebSocket message made by joining queued batch-framed messages. Small, because a client's inbound
     * message limit is unknown (Jetty's client defaults to 64 KiB) and every joined byte is copied once.
     */
    static final int JOIN_LIMIT = 16 * 1024;

    /** What the transport needs to know about the writer's progress. */
    interface Listener {
        /** Called for every message as its first frame starts (debug logging). */
        void writing(byte[] message, int frames);

        /** The peer did not answer our close frame in time, or the router asked for 1006: drop the connection. */
        void drop(String reason);

        /** The transport's {@code debug} option (the router then traces the session's WAMP messages). */
        default boolean debug() {
            return false;
        }
    }

    private record CloseRequest(int code, String reason) {
    }

    private final CoreSession session;
    private final boolean binary;
    /** Queued messages are complete batches ({@code .batched} subprotocols): consecutive ones may be joined. */
    private final boolean joinable;
    private final int fragmentSize;
    private final int closeHandshakeTimeout;
    private final Scheduler scheduler;
    private final Listener listener;

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    // Field updaters instead of Atomic* objects: every idle session keeps its connection (issue 8, heap per session).
    private static final AtomicIntegerFieldUpdater<QueuedConnection> WRITING =
            AtomicIntegerFieldUpdater.newUpdater(QueuedConnection.class, "writing");
    private static final AtomicIntegerFieldUpdater<QueuedConnection> CLOSE_REQUESTED =
            AtomicIntegerFieldUpdater.newUpdater(QueuedConnection.class, "closeRequested");
    private static final AtomicIntegerFieldUpdater<QueuedConnection> ABORTED =
            AtomicIntegerFieldUpdater.newUpdater(QueuedConnection.class, "aborted");
    private static final AtomicLongFieldUpdater<QueuedConnection> QUEUED_BYTES =
            AtomicLongFieldUpdater.newUpdater(QueuedConnection.class, "queuedBytes");
    private static final AtomicIntegerFieldUpdater<QueuedConnection> QUEUED_MESSAGES =
            AtomicIntegerFieldUpdater.newUpdater(QueuedConnection.class, "queuedMessages");
    private volatile int writing;
    private volatile int closeRequested;
    private volatile int aborted;
    private volatile long queuedBytes;
    private volatile int queuedMessages;
    private final CompletableFuture<Void> closeWritten = new CompletableFuture<>();
    private volatile boolean failed;

    // Owned by the current writer.
    private byte[] current;
    /** How many queued messages {@link #current} holds (more than one when joined). */
    private int currentMessages;
    private int offset;
    private boolean closeTaken;
    /** An item taken from the queue while joining that could not be joined; it goes next. */
    private Object taken;

    QueuedConnection(CoreSession session, boolean binary, int fragmentSize, int closeHandshakeTimeout,
            Scheduler scheduler, Listener listener) {
        this(session, binary, false, fragmentSize, closeHandshakeTimeout, scheduler, listener);
    }

    QueuedConnection(CoreSession session, boolean binary, boolean joinable, int fragmentSize,
            int closeHandshakeTimeout, Scheduler scheduler, Listener listener) {
        this.session = session;
        this.binary = binary;
        this.joinable = joinable;
        this.fragmentSize = fragmentSize;
        this.closeHandshakeTimeout = closeHandshakeTimeout;
        this.scheduler = scheduler;
        this.listener = listener;
    }

    @Override
    public void send(byte[] message) {
        if (closeRequested != 0 || failed) {
            LOG.debug("Dropping a message of {} bytes sent after close", message.length);
            return;
        }
        QUEUED_BYTES.addAndGet(this, message.length);
        QUEUED_MESSAGES.incrementAndGet(this);
        queue.add(message);
        drain();
    }

    @Override
    public void close(int code, String reason) {
        if (!CLOSE_REQUESTED.compareAndSet(this, 0, 1)) {
            return;
        }
        queue.add(new CloseRequest(code, reason));
        drain();
    }

    @Override
    public void abort(int code, String reason) {
        if (!ABORTED.compareAndSet(this, 0, 1)) {
            return;
        }
        closeRequested = 1;
        failed = true; // the writer discards its current message instead of finishing it
        Object item;
        while ((item = queue.poll()) != null) { // the queue is safe to empty from any thread; a stuck writer may
            if (item instanceof byte[] message) { // not come back before the connection is dropped
                QUEUED_BYTES.addAndGet(this, -message.length);
                QUEUED_MESSAGES.decrementAndGet(this);
            }
        }
        drain();
        closeWritten.complete(null);
        if (code == CloseStatus.NO_CLOSE) {
            listener.drop(reason);
            return;
        }
        session.close(code, reason, Callback.NOOP);
        int grace = closeHandshakeTimeout > 0 ? closeHandshakeTimeout : ABORT_GRACE_MILLIS;
        // Unconditionally: a close frame stuck behind a full socket leaves Jetty's session state undecided. Dropping a
        // connection that is already gone does nothing.
        scheduler.schedule(() -> listener.drop(reason), grace, TimeUnit.MILLISECONDS);
    }

    /** Bytes accepted by {@link #send} and not yet written. */
    @Override
    public long queuedBytes() {
        return queuedBytes;
    }

    /** Messages accepted by {@link #send} and not yet completely written. */
    @Override
    public boolean debug() {
        return listener.debug();
    }

    @Override
    public int queuedMessages() {
        return queuedMessages;
    }

    /** Completes when the close frame has been written (or dropped, or the connection is gone). */
    CompletableFuture<Void> closeWritten() {
        return closeWritten;
    }

    /** The connection is gone: drop whatever is still queued. */
    void terminated() {
        failed = true;
        closeWritten.complete(null);
        drain();
    }

    private void drain() {
        while (WRITING.compareAndSet(this, 0, 1)) {
            Write write = next();
            if (write == null) {
                writing = 0;
                if (queue.isEmpty()) {
                    return;
                }
                continue; // something was queued after our poll: take the writer role again if nobody has
            }
            if (write.startAndLeave()) {
                return; // completes later; its callback continues the loop
            }
        }
    }

    /** The next frame to write, or {@code null} when there is nothing to do. Called by the writer only. */
    private Write next() {
        if (failed || closeTaken) {
            dropQueued();
            return null;
        }
        if (current == null) {
            Object item = taken != null ? taken : queue.poll();
            taken = null;
            if (item == null) {
                return null;
            }
            if (item instanceof CloseRequest request) {
                closeTaken = true;
                return new CloseWrite(request);
            }
            current = (byte[]) item;
            currentMessages = 1;
            offset = 0;
            if (joinable) {
                joinQueued();
            }
        }
        byte[] message = current;
        int remaining = message.length - offset;
        int size = fragmentSize > 0 ? Math.min(fragmentSize, remaining) : remaining;
        boolean first = offset == 0;
        boolean fin = offset + size == message.length;
        if (first) {
            listener.writing(message, fragmentSize > 0 ? Math.max(1, (message.length + fragmentSize - 1) / fragmentSize) : 1);
        }
        byte opcode = !first ? OpCode.CONTINUATION : binary ? OpCode.BINARY : OpCode.TEXT;
        Frame frame = new Frame(opcode, fin, ByteBuffer.wrap(message, offset, size).slice());
        offset += size;
        int completes = 0;
        if (fin) {
            current = null;
            completes = currentMessages;
            currentMessages = 0;
        }
        // More to write right after this frame: let Jetty gather it with the next ones into one socket write (a small
        // frame is copied into its batch buffer and completes at once); the last frame of a burst flushes them all.
        boolean more = current != null || taken != null || !queue.isEmpty();
        return new DataWrite(frame, fin ? message.length : 0, completes, more);
    }

    /**
     * Joins the batches queued behind {@link #current} into it, up to {@link #JOIN_LIMIT} bytes: a batch of batches
     * is one batch, so the peer gets one WebSocket message instead of many. Called by the writer only.
     */
    private void joinQueued() {
        if (current.length >= JOIN_LIMIT || queue.isEmpty()) {
            return;
        }
        java.util.List<byte[]> parts = null;
        int total = current.length;
        Object item;
        while ((item = queue.poll()) != null) {
            if (!(item instanceof byte[] next) || total + next.length > JOIN_LIMIT) {
                taken = item; // a close request or too big: it goes next, on its own
                break;
            }
            if (parts == null) {
                parts = new java.util.ArrayList<>();
                parts.add(current);
            }
            parts.add(next);
            total += next.length;
        }
        if (parts == null) {
            return;
        }
        byte[] joined = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        current = joined;
        currentMessages = parts.size();
    }

    private void dropQueued() {
        if (current != null) {
            QUEUED_BYTES.addAndGet(this, -(current.length));
            QUEUED_MESSAGES.addAndGet(this, -currentMessages);
            current = null;
            currentMessages = 0;
        }
        if (taken instanceof byte[] message) {
            QUEUED_BYTES.addAndGet(this, -message.length);
            QUEUED_MESSAGES.decrementAndGet(this);
        }
        taken = null;
        Object item;
        while ((item = queue.poll()) != null) {
            if (item instanceof byte[] message) {
                QUEUED_BYTES.addAndGet(this, -message.length);
                QUEUED_MESSAGES.decrementAndGet(this);
            }
        }
    }

    /** One frame in flight. {@code state}: 0 running, 1 completed before the starter left, 2 starter left first. */
    private abstract class Write implements Callback {
        private static final AtomicIntegerFieldUpdater<Write> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Write.class, "state");
        private volatile int state;

        abstract void start();

        /** Starts the write; {@code true} when it is still in flight (its completion will drive the writer). */
        final boolean startAndLeave() {
            start();
            return STATE.compareAndSet(this, 0, 2);
        }

        @Override
        public final void succeeded() {
            done(null);
        }

        @Override
        public final void failed(Throwable x) {
            done(x);
        }

        void completed(Throwable failure) {
        }

        private void done(Throwable failure) {
            if (failure != null && !failed) {
                failed = true;
                LOG.debug("Write failed; dropping the rest of the queue", failure);
            }
            completed(failure);
            writing = 0;
            if (!STATE.compareAndSet(this, 0, 1)) {
                drain();
            }
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    private final class DataWrite extends Write {
        private final Frame frame;
        private final int messageBytes;
        /** Queued messages this frame completes (0 unless it is the last frame of {@link #current}). */
        private final int messages;
        private final boolean batch;

        DataWrite(Frame frame, int messageBytes, int messages, boolean batch) {
            this.frame = frame;
            this.messageBytes = messageBytes;
            this.messages = messages;
            this.batch = batch;
        }

        @Override
        void start() {
            session.sendFrame(frame, this, batch);
        }

        @Override
        void completed(Throwable failure) {
            QUEUED_BYTES.addAndGet(QueuedConnection.this, -messageBytes);
            QUEUED_MESSAGES.addAndGet(QueuedConnection.this, -messages);
            if (failure != null && current != null) {
                QUEUED_BYTES.addAndGet(QueuedConnection.this, -current.length);
                QUEUED_MESSAGES.addAndGet(QueuedConnection.this, -currentMessages);
                current = null;
                currentMessages = 0;
            }
        }
    }

    private final class CloseWrite extends Write {
        private final CloseRequest request;

        CloseWrite(CloseRequest request) {
            this.request = request;
        }

        @Override
        void start() {
            if (request.code() == CloseStatus.NO_CLOSE) {
                listener.drop(request.reason());
                succeeded();
                return;
            }
            session.close(request.code(), request.reason(), this);
        }

        @Override
        void completed(Throwable failure) {
            closeWritten.complete(null);
            if (failure == null && closeHandshakeTimeout > 0 && request.code() != CloseStatus.NO_CLOSE) {
                scheduler.schedule(() -> {
                    if (session.isInputOpen()) {
                        listener.drop("close handshake timeout");
                    }
                }, closeHandshakeTimeout, TimeUnit.MILLISECONDS);
            }
        }
    }
}
