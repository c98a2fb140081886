package dev.junction.transport.websocket.internal;

import java.util.List;

import dev.junction.spi.transport.Connection;

/**
 * The batched side of one connection. Towards the router it is the {@link Connection}: the router sends plain
 * encoded messages and each is framed as a batch of one; the outbound queue ({@link QueuedConnection}, which also
 * enforces limits and fragmentation) joins the batches queued together into one WebSocket message. Towards the
 * endpoint it splits inbound batches.
 *
 * <p>Text batches use the spec's separator {@code 0x1E}, unless the client's first batch ends with
 * {@code 0x18}: then this connection uses {@code 0x18} both ways (autobahn-python, see {@link Batching}). The
 * client always speaks first (HELLO), so the router never sends before the separator is known.
 */
final class BatchedConnection implements Connection {
    private final Connection delegate;
    private final boolean binary;
    private volatile byte separator = Batching.RECORD_SEPARATOR;
    private boolean firstBatchSeen;

    BatchedConnection(Connection delegate, boolean binary) {
        this.delegate = delegate;
        this.binary = binary;
    }

    @Override
    public void send(byte[] message) {
        delegate.send(Batching.frame(message, binary, separator));
    }

    @Override
    public void close(int code, String reason) {
        delegate.close(code, reason);
    }

    @Override
    public boolean debug() {
        return delegate.debug();
    }

    // The outbound queue is the plain connection's: the router's limits and slow-consumer policy must see it.

    @Override
    public long queuedBytes() {
        return delegate.queuedBytes();
    }

    @Override
    public int queuedMessages() {
        return delegate.queuedMessages();
    }

    @Override
    public void abort(int code, String reason) {
        delegate.abort(code, reason);
    }

    /**
     * The messages of one inbound batch. Called for one connection at a time, in order (Jetty delivers a
     * connection's messages one by one).
     *
     * @throws IllegalArgumentException for a malformed batch, naming what is wrong
     */
    List<byte[]> split(byte[] batch) {
        if (!binary && !firstBatchSeen) {
            firstBatchSeen = true;
            if (batch.length > 0 && batch[batch.length - 1] == Batching.AUTOBAHN_PYTHON_SEPARATOR) {
                separator = Batching.AUTOBAHN_PYTHON_SEPARATOR;
            }
        }
        return Batching.split(batch, binary, separator);
    }
}
