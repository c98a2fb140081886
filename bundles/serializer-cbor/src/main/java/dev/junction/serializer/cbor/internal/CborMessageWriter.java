package dev.junction.serializer.cbor.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;

import dev.junction.api.message.Payload;
import dev.junction.api.message.WampMessage;

/**
 * Encodes one message as a definite-length CBOR array. The array header is written here (its element count is known:
 * head plus one or two payload elements), the head values with a generator as a sequence of root values, and a
 * payload still in CBOR bytes is appended as it came.
 */
final class CborMessageWriter {
    /** Room for a typical head; the buffer grows when a head is larger. */
    private static final int HEAD_ESTIMATE = 128;

    byte[] encode(WampMessage message) {
        Payload payload = message.payload();
        boolean withPayload = payload != null && !payload.isEmpty();
        Payload.Encoded raw = withPayload ? payload.encodedAs(CborFormat.NAME) : null;
        List<Object> head = message.head();
        int elements = head.size() + (!withPayload ? 0
                : raw != null ? (raw.kwargsLength() > 0 ? 2 : 1) : (payload.hasKwargs() ? 2 : 1));
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw == null ? HEAD_ESTIMATE
                : HEAD_ESTIMATE + raw.argsLength() + raw.kwargsLength());
        writeArrayHeader(out, elements);
        try (JsonGenerator g = CborFormat.FACTORY.createGenerator(out)) {
            for (Object v : head) {
                writeValue(g, v);
            }
            if (withPayload && raw == null) {
                writeValue(g, payload.args());
                if (payload.hasKwargs()) {
                    writeValue(g, payload.kwargs());
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode as CBOR: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (raw != null) {
            out.write(raw.source(), raw.argsOffset(), raw.argsLength());
            if (raw.kwargsLength() > 0) {
                out.write(raw.source(), raw.kwargsOffset(), raw.kwargsLength());
            }
        }
        return out.toByteArray();
    }

    /** CBOR major type 4 (array) with a definite length; a message has far fewer than 2^16 elements. */
    private static void writeArrayHeader(ByteArrayOutputStream out, int count) {
        if (count < 24) {
            out.write(0x80 | count);
        } else {
            out.write(0x98);
            out.write(count);
        }
    }

    /** Writes a value; nesting depth is bounded by the generator's write constraints. */
    static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Map<?, ?> m) {
            writeMap(g, m);
        } else if (v instanceof List<?> list) {
            g.writeStartArray(list, list.size());
            for (Object e : list) {
                writeValue(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof byte[] bytes) {
            g.writeBinary(bytes);
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof Short s) {
            g.writeNumber(s);
        } else if (v instanceof Byte b) {
            g.writeNumber(b);
        } else {
            throw new IllegalArgumentException("cannot encode a " + v.getClass().getName() + " as CBOR");
        }
    }

    private static void writeMap(JsonGenerator g, Map<?, ?> m) throws IOException {
        g.writeStartObject(m, m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("dict keys must be strings, found a "
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
            }
            g.writeFieldName(key);
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }
}
