package dev.junction.transport.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.serializer.WampSerializer;

/**
 * The {@link Serializer} services registered right now, keyed by their {@code wamp.serializer.name} property: what a
 * transport offers at a handshake, a WebSocket by subprotocol ({@link #offer}), a RawSocket by serializer id
 * ({@link #choose}). Thread-safe: bind and unbind come from the service registry while handshakes read.
 *
 * <p>Should two services register the same name, the one bound last is used until it goes away; unbinding the
 * other one does not remove it.
 */
public final class SerializerRegistry {

    private final Map<String, Serializer> byName = new ConcurrentHashMap<>();

    /** The name a serializer service registers under: its {@code wamp.serializer.name}, else {@link Serializer#name}. */
    public static String nameOf(Serializer serializer, Map<String, ?> properties) {
        Object name = properties == null ? null : properties.get(WampSerializer.NAME);
        return (name == null ? serializer.name() : name.toString()).toLowerCase(Locale.ROOT);
    }

    public void add(String name, Serializer serializer) {
        byName.put(name, serializer);
    }

    /** @return whether {@code serializer} was the one registered under {@code name} */
    public boolean remove(String name, Serializer serializer) {
        // By identity: two service objects may well be equal() (records, value classes) yet be different services.
        boolean[] removed = new boolean[1];
        byName.computeIfPresent(name, (key, current) -> {
            removed[0] = current == serializer;
            return removed[0] ? null : current;
        });
        return removed[0];
    }

    /** Whether this very service object is still registered. */
    public boolean isRegistered(Serializer serializer) {
        return byName.values().stream().anyMatch(registered -> registered == serializer);
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /**
     * The serializers to offer now: exactly the {@code configured} names that are registered, in configured order;
     * with nothing configured, every registered serializer, ordered by name.
     */
    public List<Serializer> offer(List<String> configured) {
        List<Serializer> offer = new ArrayList<>();
        if (configured.isEmpty()) {
            new TreeMap<>(byName).values().forEach(offer::add);
        } else {
            for (String name : configured) {
                Serializer serializer = byName.get(name);
                if (serializer != null) {
                    offer.add(serializer);
                }
            }
        }
        return offer;
    }

    /**
     * The serializer for a RawSocket handshake's serializer id: registered now, and among {@code configured} (every
     * registered one when nothing is configured); {@code null} when there is none.
     */
    public Serializer choose(int rawSocketId, List<String> configured) {
        if (rawSocketId == 0) {
            return null;
        }
        for (Map.Entry<String, Serializer> entry : byName.entrySet()) {
            if (entry.getValue().rawSocketId() == rawSocketId
                    && (configured.isEmpty() || configured.contains(entry.getKey()))) {
                return entry.getValue();
            }
        }
        return null;
    }
}
