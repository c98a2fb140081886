/**
 * The router's seam for running one realm on several nodes: the router tells a {@link ClusterRouting} service what
 * its local subscriptions and registrations are, what was published and which calls no local callee serves, and
 * takes events and calls from other nodes through {@link LocalRouting}. Without such a service the router routes
 * locally, as a single node. 1.1.0 added the placement of calls over every node's callees, atomic registration
 * claims, progressive results, cancellation and chunks across nodes ({@link CallPlacement}, {@link LocalCallees},
 * {@link RemoteCallHandle}), publications every node keeps (retained, history), and sessions known across nodes for
 * the meta API. 1.2.0 added the subscriptions and registrations known across nodes for the meta API
 * ({@link ClusterRouting#metaChanged}, {@link ClusterRouting#remoteMeta}), and their subscribers and callees removed
 * from another node ({@link ClusterRouting#removeRemote}, {@link LocalRouting#remove}).
 */
@Export
@Version("1.2.0")
package dev.junction.spi.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
