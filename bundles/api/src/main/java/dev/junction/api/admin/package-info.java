/**
 * Read-and-act management of a running router, for operators' tools (the Karaf shell commands, the web console
 * page): what listens, which realms exist, who is connected, what is subscribed and registered, killing a session
 * and tracing one, how the container's connecting transports are doing, and what importing another router's
 * configuration file would give. Snapshots only: nothing here changes routing except
 * {@link dev.junction.api.admin.RouterAdmin#kill}.
 */
@Export
@Version("1.2.0")
package dev.junction.api.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
