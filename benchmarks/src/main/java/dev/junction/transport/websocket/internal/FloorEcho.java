package dev.junction.transport.websocket.internal;

import java.nio.ByteBuffer;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Frame;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * The echo floor's endpoint (benchmarks' {@code EchoServer}): receives as {@link WampEndpoint} does, every frame
 * through {@link InboundMessages} (in this package for that), and echoes each message as the transport writes, a
 * byte[] sent as one core frame ({@code CoreSession.sendFrame}, as {@code QueuedConnection} does). So the floor
 * pays the transport's own inbound and outbound work and nothing of the router. Public because Jetty binds
 * listener methods by method handle.
 */
public final class FloorEcho implements Session.Listener.AutoDemanding {
    private volatile CoreSession core;
    private volatile Session session;
    private volatile InboundMessages inbound;

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        this.core = ((WebSocketSession) session).getCoreSession();
        this.inbound = new InboundMessages(session.getMaxTextMessageSize(), session.getMaxBinaryMessageSize());
    }

    @Override
    public void onWebSocketFrame(Frame frame, Callback callback) {
        byte opcode = frame.getOpCode();
        switch (opcode) {
            case OpCode.TEXT, OpCode.BINARY, OpCode.CONTINUATION -> {
                byte[] message;
                try {
                    message = inbound.frame(opcode, frame.getPayload(), frame.isFin());
                } catch (org.eclipse.jetty.websocket.core.exception.CloseException e) {
                    callback.fail(e);
                    return;
                }
                callback.succeed();
                if (message != null) {
                    core.sendFrame(new org.eclipse.jetty.websocket.core.Frame(frame.getEffectiveOpCode(), true,
                            ByteBuffer.wrap(message)), org.eclipse.jetty.util.Callback.NOOP, false);
                }
            }
            case OpCode.PING -> session.sendPong(
                    frame.getPayload() == null ? ByteBuffer.allocate(0) : frame.getPayload(), callback);
            default -> callback.succeed(); // pongs; a close is answered by Jetty once this callback completes
        }
    }
}
