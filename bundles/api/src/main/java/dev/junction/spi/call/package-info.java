/** Calls into a realm from inside the router ({@link dev.junction.spi.call.InternalCaller}). */
@Export
@Version("1.0.0")
package dev.junction.spi.call;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
