package dev.junction.transport.websocket.mount;

import java.util.Map;

import org.eclipse.jetty.server.Server;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Builds WAMP WebSocket endpoints that live on another transport's Jetty {@link Server}. Registered by the WebSocket
 * transport bundle as an OSGi service while a router service is there; it tracks the serializers itself, exactly
 * as a WebSocket transport does.
 *
 * <p>The configuration map takes the keys of a {@code dev.junction.transport.websocket} configuration except the
 * {@code endpoint.*} ones (the host owns the socket): {@code id} (the transport id handed to the router),
 * {@code serializers}, {@code debug}, {@code max_sessions}, {@code options.*}, {@code auth.*} and whatever the
 * WebSocket transport adds later. {@code service.pid} names the configuration in refusals.
 */
@ProviderType
public interface WebSocketMounts {

    /**
     * Checks a configuration without mounting anything.
     *
     * @throws IllegalArgumentException whose message is the refusal line (PID, key, value, what is allowed)
     */
    void check(Map<String, ?> properties);

    /**
     * Builds an endpoint for {@code host}. The returned {@link WebSocketMount#handler()} answers every request the
     * host hands it (WebSocket upgrades; plain GETs get the status page).
     *
     * @throws IllegalArgumentException whose message is the refusal line
     */
    WebSocketMount mount(Server host, Map<String, ?> properties);
}
