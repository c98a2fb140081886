package dev.junction.benchmarks;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/** One client WebSocket connection speaking raw WAMP (or anything, against the echo server). */
public final class Conn implements Session.Listener.AutoDemanding {

    /** Inbound message handler; called one message at a time per connection. */
    interface Handler {
        void onMessage(Conn conn, byte[] msg, long type, long id);
    }

    final Wire wire;
    final boolean echo;
    final CompletableFuture<Conn> joined = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    volatile Handler handler;
    volatile Session session;
    private volatile CoreSession core;
    volatile boolean closing;
    volatile String failure;
    private long nextRequest = 1;

    Conn(Wire wire, boolean echo) {
        this.wire = wire;
        this.echo = echo;
    }

    /** Connects and joins realm (HELLO -> WELCOME); against the echo server the echoed HELLO counts as WELCOME. */
    static CompletableFuture<Conn> open(WebSocketClient client, URI uri, Wire wire, boolean echo, String realm) {
        Conn c = new Conn(wire, echo);
        ClientUpgradeRequest req = new ClientUpgradeRequest();
        req.setSubProtocols(List.of(wire.subprotocol));
        c.handler = (conn, msg, type, id) -> {
            if (echo || type == Wire.WELCOME) {
                conn.joined.complete(conn);
            } else {
                conn.joined.completeExceptionally(new IllegalStateException("join refused: "
                        + new String(msg, StandardCharsets.UTF_8)));
            }
        };
        try {
            client.connect(c, uri, req).whenComplete((s, e) -> {
                if (e != null) {
                    c.joined.completeExceptionally(e);
                } else {
                    c.send(wire.hello(realm));
                }
            });
        } catch (Exception e) {
            c.joined.completeExceptionally(e);
        }
        return c.joined;
    }

    long nextRequest() {
        return nextRequest++;
    }

    /** Sends one message as one frame through Jetty's core session (no String round trip for text). */
    void send(byte[] msg) {
        core.sendFrame(new Frame(wire.binary ? OpCode.BINARY : OpCode.TEXT, true, ByteBuffer.wrap(msg)),
                org.eclipse.jetty.util.Callback.NOOP, false);
    }

    void close() {
        closing = true;
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(1000, null, Callback.NOOP);
        } else {
            closed.complete(null);
        }
    }

    @Override
    public void onWebSocketOpen(Session s) {
        core = ((WebSocketSession) s).getCoreSession();
        session = s;
    }

    @Override
    public void onWebSocketText(String message) {
        inbound(message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] b = new byte[payload.remaining()];
        payload.get(b);
        callback.succeed();
        inbound(b);
    }

    private void inbound(byte[] msg) {
        long[] h = echo ? new long[] {-1, -1} : wire.head(msg);
        if (!echo && (h[0] == Wire.ABORT || h[0] == Wire.ERROR || h[0] == 6)) {
            failure = "received " + abbreviate(msg);
        }
        handler.onMessage(this, msg, h[0], h[1]);
    }

    static String abbreviate(byte[] msg) {
        String s = new String(msg, StandardCharsets.UTF_8);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        callback.succeed();
        if (!closing && failure == null) {
            failure = "closed " + statusCode + " " + reason;
        }
        joined.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        closed.complete(null);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (!closing && failure == null) {
            failure = "error " + cause;
        }
        joined.completeExceptionally(cause);
        closed.complete(null);
    }
}
