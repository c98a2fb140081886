package dev.junction.client.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.net.ssl.SSLContext;

/**
 * One WebSocket connection on the JDK's client: whole messages in (text as UTF-8 bytes), whole messages out in
 * order. The JDK allows one outstanding send at a time, so sends are chained.
 */
final class WebSocketLink implements Link, WebSocket.Listener {

    private final Receiver receiver;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final StringBuilder partialText = new StringBuilder();
    private WebSocket socket;
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private volatile boolean closed;
    private volatile long lastHeard = System.nanoTime();

    private WebSocketLink(Receiver receiver) {
        this.receiver = receiver;
    }

    /** Opens a connection offering {@code subprotocols} in order. */
    static CompletableFuture<WebSocketLink> open(URI uri, List<String> subprotocols, Duration timeout,
            SSLContext tls, Receiver receiver) {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(timeout);
        if (tls != null) {
            client.sslContext(tls);
        }
        HttpClient http = client.build();
        WebSocketLink link = new WebSocketLink(receiver);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(timeout);
        builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        return builder.buildAsync(uri, link).thenApply(ws -> {
            link.socket = ws;
            return link;
        });
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    @Override
    public synchronized void send(byte[] data, boolean binary) {
        if (closed) {
            return;
        }
        sendChain = sendChain.thenCompose(ignored -> binary ? socket.sendBinary(ByteBuffer.wrap(data), true)
                : socket.sendText(new String(data, StandardCharsets.UTF_8), true))
                .exceptionally(failure -> {
                    abort();
                    return null;
                });
    }

    /** Starts the closing handshake after the queued sends. */
    @Override
    public synchronized void close(int code, String reason) {
        sendChain = sendChain.thenCompose(ignored -> socket.sendClose(code, reason)).exceptionally(failure -> {
            abort();
            return null;
        });
    }

    void abort() {
        abort("connection lost");
    }

    @Override
    public void abort(String reason) {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        closed(1006, reason);
    }

    @Override
    public synchronized void ping(byte[] payload) {
        if (closed) {
            return;
        }
        sendChain = sendChain.thenCompose(ignored -> socket.sendPing(ByteBuffer.wrap(payload)))
                .exceptionally(failure -> {
                    abort();
                    return null;
                });
    }

    @Override
    public long lastHeardNanos() {
        return lastHeard;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        lastHeard = System.nanoTime();
        webSocket.request(1);
        return null; // the JDK answers with a pong
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        lastHeard = System.nanoTime();
        webSocket.request(1);
        return null;
    }

    private void closed(int code, String reason) {
        if (!closed) {
            closed = true;
            receiver.onClosed(code, reason);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastHeard = System.nanoTime();
        partialText.append(data);
        if (last) {
            byte[] message = partialText.toString().getBytes(StandardCharsets.UTF_8);
            partialText.setLength(0);
            receiver.onMessage(message, false);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        lastHeard = System.nanoTime();
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        if (last && partial.size() == 0) {
            receiver.onMessage(chunk, true);
        } else {
            partial.writeBytes(chunk);
            if (last) {
                byte[] message = partial.toByteArray();
                partial.reset();
                receiver.onMessage(message, true);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed(statusCode, reason);
        return null; // the JDK then answers the close frame
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed(1006, String.valueOf(error));
    }
}
