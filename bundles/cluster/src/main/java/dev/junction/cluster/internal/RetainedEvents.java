package dev.junction.cluster.internal;

import java.util.concurrent.Executor;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;

import dev.junction.spi.cluster.LocalRouting;

/**
 * The last retained event of every topic of every realm, in the replicated map {@value #MAP} (key: realm and topic),
 * for the nodes that join later: a node that is already a member gets every retained event as it is published
 * ({@link ClusterNode#publishedToAll}); one that joins replays this map into its router once. Entries are written in
 * the background, in publication order of this node; when two nodes retain on the same topic at the same moment the
 * map keeps one of them (the one written last), and each running node the one that reached it last.
 */
final class RetainedEvents {
    static final String MAP = "junction.retained";

    private final ReplicatedMap<String, ClusterEvent> map;
    private final Executor writer;

    RetainedEvents(HazelcastInstance instance, Executor writer) {
        this.map = instance.getReplicatedMap(MAP);
        this.writer = writer;
    }

    /** Keeps {@code event} (a publication with {@code retain=true}) as its topic's retained event. */
    void record(ClusterEvent event) {
        String key = event.realm() + '\n' + event.topic();
        writer.execute(() -> map.put(key, event));
    }

    /** Hands every retained event known to the cluster to {@code router}, which keeps those it has none for. */
    void replay(LocalRouting router) {
        for (ClusterEvent event : map.values()) {
            router.keepRetained(event.toPublication());
        }
    }
}
