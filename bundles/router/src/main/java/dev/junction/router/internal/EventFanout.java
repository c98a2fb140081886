package dev.junction.router.internal;

import dev.junction.api.message.WampMessage;
import dev.junction.spi.serializer.Serializer;

/**
 * Encodes one message once per serializer in use among its receivers. Receivers of one event almost always share
 * one or two serializers, so a tiny linear cache beats a map. A serializer that cannot carry the message (a JSON
 * string with a lone surrogate has no CBOR form) costs only its own receivers the event, counted and logged by each:
 * the others still get it.
 */
final class EventFanout {
    private final WampMessage message;
    private Serializer[] serializers = new Serializer[2];
    private byte[][] encoded = new byte[2][];
    private String[] failures = new String[2];
    private int size;

    EventFanout(WampMessage message) {
        this.message = message;
    }

    /**
     * Queues the message for {@code receiver}, or counts it as dropped there when its serializer cannot carry it.
     * Returns whether it was handed to the receiver's session.
     */
    boolean deliverTo(WampSession receiver) {
        int i = indexFor(receiver.serializer(), receiver.serializerCounters());
        if (encoded[i] != null) {
            receiver.sendEncoded(encoded[i]);
            return true;
        }
        receiver.dropUnencodableEvent(failures[i]);
        return false;
    }

    /** The index of {@code serializer}'s encoding, encoded on first use (null bytes and a failure if it cannot). */
    private int indexFor(Serializer serializer, SerializerCounters counters) {
        for (int i = 0; i < size; i++) {
            if (serializers[i] == serializer) {
                return i;
            }
        }
        byte[] bytes = null;
        String failure = null;
        try {
            bytes = serializer.encode(message);
            counters.encoded();
        } catch (RuntimeException e) {
            counters.encodeFailed();
            failure = String.valueOf(e.getMessage());
        }
        if (size == serializers.length) {
            serializers = java.util.Arrays.copyOf(serializers, size * 2);
            encoded = java.util.Arrays.copyOf(encoded, size * 2);
            failures = java.util.Arrays.copyOf(failures, size * 2);
        }
        serializers[size] = serializer;
        encoded[size] = bytes;
        failures[size] = failure;
        return size++;
    }
}
