package dev.junction.cluster.internal;

import java.io.Serializable;

import com.hazelcast.replicatedmap.ReplicatedMap;

/**
 * A directory of the other nodes' entries kept in a {@link NodeEntries} map ({@link SessionDirectory},
 * {@link MetaDirectory}): what {@link ClusterNode} does with each of them alike when a node leaves, after a split
 * brain merged this node, and at every sweep.
 */
interface NodeDirectory {

    /** The map, once following it. */
    ReplicatedMap<String, Serializable> map();

    /** At a sweep (on the writer thread): the first few after start and after a merge reread every entry. */
    void reread();

    /** This node merged into the other side of a split brain and has the UUID {@code now}. On the writer thread. */
    void merged(String former, String now);

    /** Forgets {@code node}'s entries here; with {@code fromMap}, removes them from the map too (in the background). */
    void removeNode(String node, boolean fromMap);
}
