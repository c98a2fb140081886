/**
 * WAMP-over-WebSocket endpoints mounted on another transport's Jetty server: the WebSocket transport's whole
 * upgrade handling (settings, origin checks, subprotocols and batching, permessage-deflate, limits, max_sessions,
 * auth) for the web transport's {@code websocket} path service, built from a configuration map with the keys of
 * {@code dev.junction.transport.websocket}.
 */
@Export
@Version("1.0.0")
package dev.junction.transport.websocket.mount;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
