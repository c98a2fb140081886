package dev.junction.transport.rawsocket.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.serializer.WampSerializer;

/**
 * The {@link Serializer} services registered right now, by {@code wamp.serializer.name}. A RawSocket client names its
 * serializer by id in the handshake; {@link #choose} answers with the configured, registered serializer of that id.
 * Thread-safe: bind and unbind come from the service registry while handshakes read.
 */
final class RawSocketSerializers {

    private final Map<String, Serializer> byName = new ConcurrentHashMap<>();

    static String nameOf(Serializer serializer, Map<String, ?> properties) {
        Object name = properties == null ? null : properties.get(WampSerializer.NAME);
        return (name == null ? serializer.name() : name.toString()).toLowerCase(Locale.ROOT);
    }

    void add(String name, Serializer serializer) {
        byName.put(name, serializer);
    }

    /** @return whether {@code serializer} (by identity) was the one registered under {@code name} */
    boolean remove(String name, Serializer serializer) {
        boolean[] removed = new boolean[1];
        byName.computeIfPresent(name, (key, current) -> {
            removed[0] = current == serializer;
            return removed[0] ? null : current;
        });
        return removed[0];
    }

    boolean contains(String name) {
        return byName.containsKey(name);
    }

    boolean isRegistered(Serializer serializer) {
        return byName.values().stream().anyMatch(registered -> registered == serializer);
    }

    /**
     * The serializer for a handshake's serializer id: registered now, and among {@code configured} (every registered
     * one when nothing is configured); {@code null} when there is none.
     */
    Serializer choose(int rawSocketId, List<String> configured) {
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
