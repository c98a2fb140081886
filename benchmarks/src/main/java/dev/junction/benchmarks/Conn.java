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
    /** The message being joined from fragments (Jetty calls the frame handler one frame at a time). */
    private java.io.ByteArrayOutputStream fragments;

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

    /**
     * Frames as they arrive, joined into messages here: Jetty's text sink would decode each message into a String
     * through a 4 KiB builder, which costs the generator CPU it needs to stay below one core. Pings are answered;
     * closes reach {@link #onWebSocketClose} from Jetty once the connection is closed.
     */
    @Override
    public void onWebSocketFrame(org.eclipse.jetty.websocket.api.Frame frame, Callback callback) {
        byte opcode = frame.getOpCode();
        if (opcode == OpCode.PING) {
            session.sendPong(frame.getPayload() == null ? ByteBuffer.allocate(0) : frame.getPayload(), callback);
            return;
        }
        if (opcode != OpCode.TEXT && opcode != OpCode.BINARY && opcode != OpCode.CONTINUATION) {
            callback.succeed();
            return;
        }
        ByteBuffer payload = frame.getPayload();
        int size = payload == null ? 0 : payload.remaining();
        byte[] msg = null;
        if (fragments == null && frame.isFin()) {
            msg = new byte[size];
            if (size > 0) {
                payload.get(msg);
            }
        } else {
            if (fragments == null) {
                fragments = new java.io.ByteArrayOutputStream(Math.max(1024, size * 2));
            }
            if (size > 0) {
                byte[] part = new byte[size];
                payload.get(part);
                fragments.writeBytes(part);
            }
            if (frame.isFin()) {
                msg = fragments.toByteArray();
                fragments = null;
            }
        }
        callback.succeed();
        if (msg != null) {
            inbound(msg);
        }
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
