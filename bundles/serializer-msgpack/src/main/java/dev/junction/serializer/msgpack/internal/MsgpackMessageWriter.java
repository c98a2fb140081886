package dev.junction.serializer.msgpack.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePacker;

import dev.junction.api.message.Payload;
import dev.junction.api.message.WampMessage;

/**
 * Encodes one message. Integers take their smallest form, {@link Double} is float64, {@code byte[]} is bin. A
 * payload still in MessagePack bytes is added to the output by reference (its source array is never written
 * again, see {@link Payload#encoded}) and copied once, into the result.
 */
final class MsgpackMessageWriter {

    byte[] encode(WampMessage message) {
        List<Object> head = message.head();
        Payload payload = message.payload();
        boolean withPayload = payload != null && !payload.isEmpty();
        boolean withKwargs = withPayload && payload.hasKwargs();
        Payload.Encoded raw = withPayload ? payload.encodedAs(MsgpackFormat.NAME) : null;
        MessageBufferPacker packer = MsgpackFormat.PACKER.newBufferPacker();
        try {
            packer.packArrayHeader(head.size() + (withKwargs ? 2 : withPayload ? 1 : 0));
            for (Object v : head) {
                writeValue(packer, v, 1);
            }
            if (raw != null) {
                packer.addPayload(raw.source(), raw.argsOffset(), raw.argsLength());
                if (withKwargs) {
                    packer.addPayload(raw.source(), raw.kwargsOffset(), raw.kwargsLength());
                }
            } else if (withPayload) {
                writeValue(packer, payload.args(), 1);
                if (withKwargs) {
                    writeValue(packer, payload.kwargs(), 1);
                }
            }
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a value at nesting level {@code depth}. */
    static void writeValue(MessagePacker p, Object v, int depth) throws IOException {
        if (v == null) {
            p.packNil();
        } else if (v instanceof String s) {
            p.packString(s);
        } else if (v instanceof Long l) {
            p.packLong(l);
        } else if (v instanceof Integer i) {
            p.packInt(i);
        } else if (v instanceof Map<?, ?> m) {
            checkDepth(depth);
            p.packMapHeader(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("dict keys must be strings, found a "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
                }
                p.packString(key);
                writeValue(p, e.getValue(), depth + 1);
            }
        } else if (v instanceof List<?> list) {
            checkDepth(depth);
            p.packArrayHeader(list.size());
            for (Object e : list) {
                writeValue(p, e, depth + 1);
            }
        } else if (v instanceof Boolean b) {
            p.packBoolean(b);
        } else if (v instanceof Double d) {
            p.packDouble(d);
        } else if (v instanceof byte[] bytes) {
            p.packBinaryHeader(bytes.length);
            p.writePayload(bytes);
        } else if (v instanceof BigInteger b) {
            p.packBigInteger(b); // smallest form; IllegalArgumentException beyond the uint64/int64 range
        } else if (v instanceof Float f) {
            p.packFloat(f);
        } else if (v instanceof Short s) {
            p.packShort(s);
        } else if (v instanceof Byte b) {
            p.packByte(b);
        } else {
            throw new IllegalArgumentException("cannot encode a " + v.getClass().getName() + " as MessagePack");
        }
    }

    private static void checkDepth(int depth) {
        if (depth > MsgpackFormat.MAX_DEPTH) {
            throw new IllegalArgumentException("lists and dicts nested deeper than " + MsgpackFormat.MAX_DEPTH);
        }
    }
}
