package dev.junction.serializer.msgpack.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/** Builds test frames with msgpack-core directly, including forms our writer never produces. */
final class Msgpack {
    interface Writes {
        void to(MessagePacker p) throws IOException;
    }

    private Msgpack() {
    }

    static byte[] pack(Writes writes) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            writes.to(p);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
