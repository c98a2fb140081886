package dev.junction.cluster.internal;

import java.util.function.BiConsumer;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.map.MapEvent;

/**
 * A replicated map's entries as they come and go, handed to {@code change} as (key, value), with a {@code null}
 * value for an entry that went away. Junction never clears nor evicts these maps.
 */
final class EntryChanges<V> implements EntryListener<String, V> {
    private final BiConsumer<String, V> change;

    EntryChanges(BiConsumer<String, V> change) {
        this.change = change;
    }

    @Override
    public void entryAdded(EntryEvent<String, V> e) {
        change.accept(e.getKey(), e.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, V> e) {
        change.accept(e.getKey(), e.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, V> e) {
        change.accept(e.getKey(), null);
    }

    @Override
    public void entryEvicted(EntryEvent<String, V> e) {
        change.accept(e.getKey(), null);
    }

    @Override
    public void entryExpired(EntryEvent<String, V> e) {
        change.accept(e.getKey(), null);
    }

    @Override
    public void mapCleared(MapEvent e) {
        // never cleared by Junction
    }

    @Override
    public void mapEvicted(MapEvent e) {
        // never evicted by Junction
    }
}
