package dev.junction.transport.websocket.mount;

import java.time.Duration;
import java.util.Map;

import org.eclipse.jetty.server.Handler;
import org.osgi.annotation.versioning.ProviderType;

/** One WAMP WebSocket endpoint mounted on a host's server ({@link WebSocketMounts#mount}). */
@ProviderType
public interface WebSocketMount {

    /** The handler the host routes the endpoint's requests to; the host starts and stops it. */
    Handler handler();

    /**
     * Takes a new configuration for the next handshakes; open connections keep what they started with.
     *
     * @throws IllegalArgumentException whose message is the refusal line; the previous configuration stays
     */
    void update(Map<String, ?> properties);

    /** Open WAMP connections. */
    int connectionCount();

    /**
     * Winds every session down ({@code wamp.close.system_shutdown}) within {@code timeout} and closes them; the
     * host's server keeps running. Also happens when the providing bundle stops.
     */
    void stop(Duration timeout);
}
