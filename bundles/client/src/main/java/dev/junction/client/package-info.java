/**
 * A Java WAMP client: join a realm over WebSocket or RawSocket (TCP, TLS or a Unix domain socket; with anonymous, ticket, WAMP-CRA or cryptosign authentication),
 * then call, register, publish and subscribe, with progressive results and call cancellation. It uses the
 * {@link dev.junction.spi.serializer.Serializer} implementations of the serializer bundles and the JDK's WebSocket
 * client (or its own RawSocket code), so it works inside OSGi and as a plain library. Entry point: {@link dev.junction.client.WampClient}.
 */
@Export
@Version("1.1.0")
package dev.junction.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
