package dev.junction.transport.websocket.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.junction.spi.transport.Connection;
import dev.junction.spi.transport.Handshake;
import dev.junction.spi.transport.HandshakeRequest;
import dev.junction.spi.transport.SessionHandle;
import dev.junction.spi.transport.WampRouter;

/**
 * A router that accepts every handshake (unless told to refuse) and echoes each message back through the
 * connection; it records everything the transport calls.
 */
final class FakeRouter implements WampRouter {

    static final byte[] GOODBYE = "[6,{},\"wamp.close.system_shutdown\"]".getBytes(StandardCharsets.UTF_8);

    final List<HandshakeRequest> requests = new CopyOnWriteArrayList<>();
    final List<Handle> handles = new CopyOnWriteArrayList<>();
    final AtomicInteger abandoned = new AtomicInteger();
    volatile int refuseStatus;
    volatile String refuseReason;
    volatile Map<String, String> responseHeaders = Map.of();
    volatile Consumer<Handle> onOpen = h -> {
    };
    volatile boolean completeShutdown = true;
    /** Runs inside handshake() before it answers (tests use it to race the client). */
    volatile Runnable duringHandshake = () -> {
    };

    @Override
    public Handshake handshake(HandshakeRequest request) {
        requests.add(request);
        duringHandshake.run();
        boolean accepted = refuseStatus == 0;
        int status = refuseStatus;
        String reason = refuseReason;
        Map<String, String> headers = responseHeaders;
        return new Handshake() {
            @Override
            public boolean accepted() {
                return accepted;
            }

            @Override
            public int refusalStatus() {
                return status;
            }

            @Override
            public String refusalReason() {
                return reason;
            }

            @Override
            public Map<String, String> responseHeaders() {
                return headers;
            }

            @Override
            public SessionHandle open(Connection connection) {
                Handle handle = new Handle(request, connection);
                handles.add(handle);
                onOpen.accept(handle);
                return handle;
            }

            @Override
            public void abandon() {
                abandoned.incrementAndGet();
            }
        };
    }

    /**
     * The {@code n}th handle (1-based), once the router has opened it: a client's connect completes with the 101,
     * a moment before the server side opens the session.
     */
    Handle handle(int n) {
        Poll.until(n + " sessions opened", () -> handles.size() >= n);
        return handles.get(n - 1);
    }

    /** The router side of one connection. */
    final class Handle implements SessionHandle {
        final HandshakeRequest request;
        final Connection connection;
        final List<byte[]> messages = new CopyOnWriteArrayList<>();
        final List<String> wrongFrames = new CopyOnWriteArrayList<>();
        final List<String> shutdowns = new CopyOnWriteArrayList<>();
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
            wrongFrames.add(detail);
            connection.close(1002, "wrong frame type");
        }

        @Override
        public CompletionStage<Void> shutdown(String reason) {
            shutdowns.add(reason);
            if (!completeShutdown) {
                return new CompletableFuture<>();
            }
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
