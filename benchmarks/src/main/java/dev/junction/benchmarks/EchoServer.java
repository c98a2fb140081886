package dev.junction.benchmarks;

import java.time.Duration;
import java.util.List;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import dev.junction.transport.websocket.internal.FloorEcho;

/**
 * The floor: a bare Jetty WebSocket server that echoes every message, built like Junction's WebSocket transport
 * ({@code JettyTransport}, {@code WampEndpoint}): QueuedThreadPool(200, 4), a daemon ScheduledExecutorScheduler,
 * one ServerConnector with TCP_NODELAY and no idle timeout, no WebSocket idle timeout, unlimited message and frame
 * sizes with auto-fragment, no extensions (no compression), the first offered subprotocol accepted, and the
 * transport's inbound path ({@link FloorEcho}: frames joined into a byte[] per message by the transport's own code).
 *
 * <p>Usage: {@code EchoServer [port [backlog]]} (0 = free port; backlog: the accept queue size, default 50, the
 * transport's {@code endpoint.backlog} default). Prints {@code ECHO_PORT=<port>} once listening.
 */
public final class EchoServer {

    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int backlog = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("echo-ws");
        ScheduledExecutorScheduler timers = new ScheduledExecutorScheduler("echo-ws-scheduler", true);
        Server server = new Server(threads, timers, null);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector tcp = new ServerConnector(server, new HttpConnectionFactory(http));
        tcp.setHost("127.0.0.1");
        tcp.setPort(port);
        tcp.setAcceptQueueSize(backlog);
        tcp.setReuseAddress(true);
        tcp.setIdleTimeout(0);
        tcp.setAcceptedTcpNoDelay(true);
        server.addConnector(tcp);
        WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, c -> {
            c.setIdleTimeout(Duration.ZERO);
            c.setMaxTextMessageSize(0);
            c.setMaxBinaryMessageSize(0);
            c.setMaxFrameSize(0);
            c.setAutoFragment(true);
            c.addMapping("/*", (request, response, callback) -> {
                List<String> offered = request.getSubProtocols();
                if (!offered.isEmpty()) {
                    response.setAcceptedSubProtocol(offered.get(0));
                }
                response.setExtensions(List.of());
                return new FloorEcho();
            });
        });
        server.setHandler(upgrade);
        server.setStopTimeout(0);
        server.start();
        System.out.println("ECHO_PORT=" + tcp.getLocalPort());
        System.out.flush();
        server.join();
    }
}
