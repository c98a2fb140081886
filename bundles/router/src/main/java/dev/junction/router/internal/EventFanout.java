package dev.junction.router.internal;

import dev.junction.api.message.WampMessage;
import dev.junction.spi.serializer.Serializer;

/**
 * Encodes one message once per serializer in use among its receivers. Receivers of one event almost always share
 * one or two serializers, so a tiny linear cache beats a map.
 */
final class EventFanout {
    private final WampMessage message;
    private Serializer[] serializers = new Serializer[2];
    private byte[][] encoded = new byte[2][];
    private int size;

    EventFanout(WampMessage message) {
        this.message = message;
    }

    /** The message in {@code serializer}'s format, encoded on first use. */
    byte[] encodedFor(Serializer serializer, SerializerCounters counters) {
        for (int i = 0; i < size; i++) {
            if (serializers[i] == serializer) {
                return encoded[i];
            }
        }
        byte[] bytes;
        try {
            bytes = serializer.encode(message);
        } catch (RuntimeException e) {
            counters.encodeFailed();
            throw e;
        }
        counters.encoded();
        if (size == serializers.length) {
            serializers = java.util.Arrays.copyOf(serializers, size * 2);
            encoded = java.util.Arrays.copyOf(encoded, size * 2);
        }
        serializers[size] = serializer;
        encoded[size] = bytes;
        size++;
        return bytes;
    }
}
