/**
 * Listening endpoints shared by every Junction transport: Crossbar's {@code endpoint.*} keys (tcp, unix, and the
 * {@code tls} block of a tcp endpoint) parsed and checked with {@link dev.junction.spi.config.ConfigValidator}
 * ({@link dev.junction.transport.endpoint.EndpointSettings}), and Jetty 12 server connectors built from them,
 * with TLS ({@link dev.junction.transport.endpoint.EndpointConnectors}). The WebSocket and RawSocket transports
 * use the same code, so a key means the same everywhere and TLS is configured once. 1.1.0 added {@link
 * dev.junction.transport.endpoint.ListenerLifecycle}, the activate/modified/deactivate/status cycle they share,
 * {@link dev.junction.transport.endpoint.AuthKeys}, the check of the {@code auth.*} keys, and {@link
 * dev.junction.transport.endpoint.MissingSerializers}. 2.0.0: a transport's settings and running listener implement
 * {@link dev.junction.transport.endpoint.ListenerLifecycle.Settings} and {@link
 * dev.junction.transport.endpoint.ListenerLifecycle.Running}, so its {@link
 * dev.junction.transport.endpoint.ListenerLifecycle.Listener} keeps only what differs (parse, report, start, stop); {@link
 * dev.junction.transport.endpoint.SerializerRegistry}, the serializers a transport offers at its handshakes.
 */
@Export
@Version("2.0.0")
package dev.junction.transport.endpoint;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
