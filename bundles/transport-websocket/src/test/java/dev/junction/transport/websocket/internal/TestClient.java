package dev.junction.transport.websocket.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A Jetty client endpoint that records what it receives. Public: Jetty binds its methods by method handle. */
public class TestClient implements Session.Listener.AutoDemanding {
    /** Every message, in order: String for text, byte[] for binary. */
    final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final List<ByteBuffer> pings = new CopyOnWriteArrayList<>();
    final List<ByteBuffer> pongs = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    volatile String closeReason;
    volatile Session session;

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
        messages.add(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        messages.add(bytes);
        callback.succeed();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload.duplicate()).flip();
        pongs.add(copy);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        errors.add(cause);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closeReason = reason;
        closeCode.complete(statusCode);
        callback.succeed();
    }

    Object next() throws InterruptedException {
        Object message = messages.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within 10 s");
        }
        return message;
    }

    int awaitClose() throws Exception {
        return closeCode.get(15, TimeUnit.SECONDS);
    }

    /** A client that records pings and does not answer them (Jetty answers only when onWebSocketPing is not overridden). */
    public static class Mute extends TestClient {
        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            pings.add(payload);
        }
    }

    /** A client that records pings and answers them itself. */
    public static class Answering extends TestClient {
        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            pings.add(payload);
            session.sendPong(payload, Callback.NOOP);
        }
    }

    /** A client that sees text messages frame by frame (no whole-message method, or Jetty would use that). */
    public static class Partial implements Session.Listener.AutoDemanding {
        final List<String> frames = new CopyOnWriteArrayList<>();
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder current = new StringBuilder();

        @Override
        public void onWebSocketPartialText(String payload, boolean last) {
            frames.add(payload);
            current.append(payload);
            if (last) {
                messages.add(current.toString());
                current.setLength(0);
            }
        }
    }
}
