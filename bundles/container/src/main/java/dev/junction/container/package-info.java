/**
 * Hosted WAMP components: a {@link dev.junction.container.WampComponent} registered as an OSGi service with the
 * property {@value dev.junction.container.WampComponent#CONNECTION} is joined to a router through the connecting
 * transport configured with that id, and joined again whenever the router comes back.
 */
@Export
@Version("2.0.0")
package dev.junction.container;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
