package dev.junction.transport.websocket.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
    private final int fragmentSize;
    private final int closeHandshakeTimeout;
    private final Scheduler scheduler;
    private final Listener listener;

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger queuedMessages = new AtomicInteger();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final CompletableFuture<Void> closeWritten = new CompletableFuture<>();
    private volatile boolean failed;

    // Owned by the current writer.
    private byte[] current;
    private int offset;
    private boolean closeTaken;

    QueuedConnection(CoreSession session, boolean binary, int fragmentSize, int closeHandshakeTimeout,
            Scheduler scheduler, Listener listener) {
        this.session = session;
        this.binary = binary;
        this.fragmentSize = fragmentSize;
        this.closeHandshakeTimeout = closeHandshakeTimeout;
        this.scheduler = scheduler;
        this.listener = listener;
    }

    @Override
    public void send(byte[] message) {
        if (closeRequested.get() || failed) {
            LOG.debug("Dropping a message of {} bytes sent after close", message.length);
            return;
        }
        queuedBytes.addAndGet(message.length);
        queuedMessages.incrementAndGet();
        queue.add(message);
        drain();
    }

    @Override
    public void close(int code, String reason) {
        if (!closeRequested.compareAndSet(false, true)) {
            return;
        }
        queue.add(new CloseRequest(code, reason));
        drain();
    }

    @Override
    public void abort(int code, String reason) {
        if (!aborted.compareAndSet(false, true)) {
            return;
        }
        closeRequested.set(true);
        failed = true; // the writer discards its current message instead of finishing it
        Object item;
        while ((item = queue.poll()) != null) { // the queue is safe to empty from any thread; a stuck writer may
            if (item instanceof byte[] message) { // not come back before the connection is dropped
                queuedBytes.addAndGet(-message.length);
                queuedMessages.decrementAndGet();
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
        return queuedBytes.get();
    }

    /** Messages accepted by {@link #send} and not yet completely written. */
    @Override
    public boolean debug() {
        return listener.debug();
    }

    @Override
    public int queuedMessages() {
        return queuedMessages.get();
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
        while (writing.compareAndSet(false, true)) {
            Write write = next();
            if (write == null) {
                writing.set(false);
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
            Object item = queue.poll();
            if (item == null) {
                return null;
            }
            if (item instanceof CloseRequest request) {
                closeTaken = true;
                return new CloseWrite(request);
            }
            current = (byte[]) item;
            offset = 0;
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
        if (fin) {
            current = null;
        }
        return new DataWrite(frame, fin ? message.length : 0, fin);
    }

    private void dropQueued() {
        if (current != null) {
            queuedBytes.addAndGet(-(current.length));
            queuedMessages.decrementAndGet();
            current = null;
        }
        Object item;
        while ((item = queue.poll()) != null) {
            if (item instanceof byte[] message) {
                queuedBytes.addAndGet(-message.length);
                queuedMessages.decrementAndGet();
            }
        }
    }

    /** One frame in flight. {@code state}: 0 running, 1 completed before the starter left, 2 starter left first. */
    private abstract class Write implements Callback {
        private final AtomicInteger state = new AtomicInteger();

        abstract void start();

        /** Starts the write; {@code true} when it is still in flight (its completion will drive the writer). */
        final boolean startAndLeave() {
            start();
            return state.compareAndSet(0, 2);
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
            writing.set(false);
            if (!state.compareAndSet(0, 1)) {
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
        private final boolean last;

        DataWrite(Frame frame, int messageBytes, boolean last) {
            this.frame = frame;
            this.messageBytes = messageBytes;
            this.last = last;
        }

        @Override
        void start() {
            session.sendFrame(frame, this, false);
        }

        @Override
        void completed(Throwable failure) {
            queuedBytes.addAndGet(-messageBytes);
            if (last) {
                queuedMessages.decrementAndGet();
            }
            if (failure != null && current != null) {
                queuedBytes.addAndGet(-current.length);
                queuedMessages.decrementAndGet();
                current = null;
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
