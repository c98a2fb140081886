/**
 * Checking configurations in code. Configuration Admin does not check values against their Metatype, so every
 * Junction component that takes a configuration runs it through one {@link dev.junction.spi.config.ConfigValidator}
 * and refuses a bad one with a single log line naming the PID, the key, the value and what is allowed.
 */
@Export
@Version("1.1.0")
package dev.junction.spi.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
