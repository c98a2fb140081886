/**
 * The contract between transports and the router. 1.2.0 added cookie tracking: {@link
 * dev.junction.spi.transport.TrackedCookie}, {@link dev.junction.spi.transport.CookieAuth} and
 * {@code HandshakeRequest.cookie}; and for metrics and tracing {@code WampRouter.handshakeRefused} and
 * {@code Connection.debug}.
 */
@Export
@Version("1.2.0")
package dev.junction.spi.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
