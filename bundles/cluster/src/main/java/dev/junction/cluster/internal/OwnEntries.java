package dev.junction.cluster.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node has put into the replicated interest and registration maps, kept locally (without the member UUID):
 * after a split brain heals, Hazelcast gives the merging member a new UUID, and the node puts its entries again
 * under that one ({@link SplitBrainRecovery}).
 */
final class OwnEntries {
    /** A key without its node: realm, match policy and topic or procedure. */
    record Entry(String realm, dev.junction.api.MatchPolicy match, String name) {
        InterestKey of(String node) {
            return new InterestKey(node, realm, match, name);
        }
    }

    private final Map<Entry, Boolean> subscriptions = new ConcurrentHashMap<>();
    private final Map<Entry, CalleeShare> registrations = new ConcurrentHashMap<>();

    void subscribed(InterestKey key) {
        subscriptions.put(entry(key), Boolean.TRUE);
    }

    void unsubscribed(InterestKey key) {
        subscriptions.remove(entry(key));
    }

    void registered(InterestKey key, CalleeShare share) {
        registrations.put(entry(key), share);
    }

    void unregistered(InterestKey key) {
        registrations.remove(entry(key));
    }

    Map<Entry, Boolean> subscriptions() {
        return Map.copyOf(subscriptions);
    }

    Map<Entry, CalleeShare> registrations() {
        return Map.copyOf(registrations);
    }

    private static Entry entry(InterestKey key) {
        return new Entry(key.realm(), key.match(), key.topic());
    }
}
