/**
 * Logging that a peer cannot turn into a flood: {@link dev.junction.spi.log.RateLimitedLog} bounds the lines logged
 * about bad input or overload, so that a hostile or broken client cannot fill the disk. Shared by the router and the
 * transports.
 */
@Export
@Version("1.0.0")
package dev.junction.spi.log;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
