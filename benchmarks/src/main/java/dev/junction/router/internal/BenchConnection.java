package dev.junction.router.internal;

import java.util.List;
import java.util.Map;

import dev.junction.api.message.WampMessage;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.transport.Connection;
import dev.junction.spi.transport.HandshakeRequest;
import dev.junction.spi.transport.SessionHandle;

/**
 * A client connection straight into a {@link Router}, for in-process benchmarks: it keeps only the last message the
 * router sent it and a count. Routing is synchronous, so a reply is here when {@code onMessage} returns.
 */
final class BenchConnection implements Connection {
    final SessionHandle handle;
    final Serializer serializer;
    byte[] last;
    long received;

    BenchConnection(Router router, Serializer serializer) {
        this.serializer = serializer;
        handle = router.handshake(new HandshakeRequest("bench", "websocket", "tcp4:127.0.0.1:1", false, "/ws",
                Map.of(), List.of(), serializer, Map.of(), null)).open(this);
    }

    void deliver(WampMessage message) {
        handle.onMessage(serializer.encode(message));
    }

    @Override
    public void send(byte[] message) {
        last = message;
        received++;
    }

    @Override
    public void close(int code, String reason) {
        handle.onClose(code, reason);
    }
}
