package dev.junction.transport.rawsocket.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.junction.api.message.WampMessage;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.serializer.WampSerializer;
import dev.junction.spi.transport.Connection;
import dev.junction.spi.transport.Handshake;
import dev.junction.spi.transport.HandshakeRequest;
import dev.junction.spi.transport.SessionHandle;
import dev.junction.spi.transport.WampRouter;

/** A router that accepts every handshake (unless told to refuse), echoes each message and records every call. */
final class EchoRouter implements WampRouter {

    static final byte[] GOODBYE = "[6,{},\"wamp.close.system_shutdown\"]".getBytes(StandardCharsets.UTF_8);

    final List<HandshakeRequest> requests = new CopyOnWriteArrayList<>();
    final List<Handle> handles = new CopyOnWriteArrayList<>();
    volatile int refuseStatus;

    /** A serializer that only has an identity: the transport never encodes or decodes. */
    record FakeSerializer(String name, String subprotocol, int rawSocketId, boolean isBinary) implements Serializer {
        static final FakeSerializer JSON = new FakeSerializer("json", "wamp.2.json", 1, false);
        static final FakeSerializer MSGPACK = new FakeSerializer("msgpack", "wamp.2.msgpack", 2, true);

        Map<String, Object> properties() {
            return Map.of(WampSerializer.NAME, name, WampSerializer.RAW_SOCKET_ID, rawSocketId);
        }

        @Override
        public WampMessage decode(byte[] data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] encode(WampMessage message) {
            throw new UnsupportedOperationException();
        }
    }

    @Override
    public Handshake handshake(HandshakeRequest request) {
        requests.add(request);
        int status = refuseStatus;
        return new Handshake() {
            @Override
            public boolean accepted() {
                return status == 0;
            }

            @Override
            public int refusalStatus() {
                return status;
            }

            @Override
            public String refusalReason() {
                return "refused by the test";
            }

            @Override
            public Map<String, String> responseHeaders() {
                return Map.of();
            }

            @Override
            public SessionHandle open(Connection connection) {
                Handle handle = new Handle(request, connection);
                handles.add(handle);
                return handle;
            }

            @Override
            public void abandon() {
            }
        };
    }

    Handle handle(int n) {
        Poll.until(n + " sessions opened", () -> handles.size() >= n);
        return handles.get(n - 1);
    }

    /** The router side of one connection. */
    static final class Handle implements SessionHandle {
        final HandshakeRequest request;
        final Connection connection;
        final List<byte[]> messages = new CopyOnWriteArrayList<>();
        final AtomicInteger closeCalls = new AtomicInteger();
        volatile int closeCode = -1;
        volatile String closeReason;

        Handle(HandshakeRequest request, Connection connection) {
            this.request = request;
            this.connection = connection;
        }

        @Override
        public void onMessage(byte[] message) {
            messages.add(message);
            connection.send(message);
        }

        @Override
        public void onWrongFrameType(String detail) {
            connection.close(1002, detail);
        }

        @Override
        public CompletionStage<Void> shutdown(String reason) {
            connection.send(GOODBYE.clone());
            connection.close(1001, reason);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onClose(int code, String reason) {
            closeCode = code;
            closeReason = reason;
            closeCalls.incrementAndGet();
        }
    }
}
