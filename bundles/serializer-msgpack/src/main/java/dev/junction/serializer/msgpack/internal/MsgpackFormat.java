package dev.junction.serializer.msgpack.internal;

import org.msgpack.core.MessagePack;

/**
 * Shared, immutable msgpack-core configurations and the limits of this bundle.
 *
 * <p>Mapping: nil, boolean, integer ({@link Long}, or {@link java.math.BigInteger} for a uint64 beyond
 * {@code Long.MAX_VALUE}), float32/float64 ({@link Double}), str ({@link String}), bin ({@code byte[]}), array
 * ({@link java.util.List}), map with str keys ({@link java.util.Map}). Extension types, including the timestamp,
 * have no WAMP meaning and are a protocol violation.
 *
 * <p>Strictness: strings and keys in a message's head must be valid UTF-8, and its dicts must not repeat a key.
 * The payload is walked without building values: its structure, its map keys (strings) and the absence of
 * extension types are checked, the bytes of its strings are not. When a payload is decoded later, malformed UTF-8
 * becomes U+FFFD and a repeated key resolves to its last value, so that reading a payload the router accepted
 * never fails.
 */
final class MsgpackFormat {
    /** The serializer's name and the format tag of its encoded payloads. */
    static final String NAME = "msgpack";

    /** Deepest nesting of arrays and maps accepted or written; values are read and written recursively. */
    static final int MAX_DEPTH = 1000;

    /**
     * Chunk size of the output buffer: most messages fit in one chunk; a payload copied through is added by
     * reference and copied once, into the result.
     */
    static final MessagePack.PackerConfig PACKER = new MessagePack.PackerConfig().withBufferSize(512);

    /** The unpacker reads from the frame array; it does not decode strings itself (see MsgpackValueReader). */
    static final MessagePack.UnpackerConfig UNPACKER = new MessagePack.UnpackerConfig();

    private MsgpackFormat() {
    }
}
