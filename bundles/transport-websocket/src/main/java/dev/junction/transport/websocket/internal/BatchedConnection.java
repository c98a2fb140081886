package dev.junction.transport.websocket.internal;

import dev.junction.spi.transport.Connection;

/**
 * The router's view of a batched connection: it sends plain encoded messages, each goes out as a batch of one (valid
 * per the spec; joining queued messages into one WebSocket message would save frames but would have to live in the
 * outbound queue, which also enforces limits and fragmentation).
 */
final class BatchedConnection implements Connection {
    private final Connection delegate;
    private final boolean binary;

    BatchedConnection(Connection delegate, boolean binary) {
        this.delegate = delegate;
        this.binary = binary;
    }

    @Override
    public void send(byte[] message) {
        delegate.send(Batching.frame(message, binary));
    }

    @Override
    public void close(int code, String reason) {
        delegate.close(code, reason);
    }
}
