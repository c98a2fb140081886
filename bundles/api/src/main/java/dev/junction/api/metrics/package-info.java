/**
 * The router's counters, for a metrics bundle to map onto a metrics library and exporters (JMX, Prometheus). The
 * router counts at its seams (handshake, inbound and outbound messages, authentication), so every transport,
 * serializer and authenticator is counted without code of its own. The router depends on no metrics library.
 */
@Export
@Version("1.0.0")
package dev.junction.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
