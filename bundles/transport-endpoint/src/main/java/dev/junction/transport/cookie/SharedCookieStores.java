package dev.junction.transport.cookie;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Cookie stores shared beyond this node, offered as a service (by the cluster bundle: one store for all its nodes).
 * While one is registered, every transport that tracks cookies keeps them there instead of in its own
 * {@code memory} or {@code file} store, so a cookie handed out by one node is known, and authenticates, on every
 * node. When several are registered, the transports use the one with the highest {@code service.ranking}.
 */
@ConsumerType
public interface SharedCookieStores {

    /**
     * The store of the cookies of transport {@code transport} (its configuration's instance name: the same
     * transport id on every node shares one store), whose entries expire {@code maxAgeSeconds} after their creation.
     * The transport does not close it.
     */
    CookieStore store(String transport, long maxAgeSeconds);
}
