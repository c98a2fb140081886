package dev.junction.serializer.json.internal;

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
 * Encodes one message in compact JSON. A payload still in JSON bytes is copied through: the head is written with
 * the generator, which is then closed without ending the array, and the payload ranges, separators and closing
 * bracket are appended to the same buffer.
 */
final class JsonMessageWriter {
    /** Room for a typical head; the buffer grows when a head is larger. */
    private static final int HEAD_ESTIMATE = 256;

    byte[] encode(WampMessage message) {
        Payload payload = message.payload();
        boolean withPayload = payload != null && !payload.isEmpty();
        Payload.Encoded raw = withPayload ? payload.encodedAs(JsonFormat.NAME) : null;
        ByteSink out = new ByteSink(raw == null ? HEAD_ESTIMATE
                : HEAD_ESTIMATE + raw.argsLength() + raw.kwargsLength() + 3);
        try (JsonGenerator g = JsonFormat.FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (Object v : message.head()) {
                writeValue(g, v);
            }
            if (withPayload && raw == null) {
                writeValue(g, payload.args());
                if (payload.hasKwargs()) {
                    writeValue(g, payload.kwargs());
                }
            }
            if (raw == null) {
                g.writeEndArray();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode as JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (raw != null) {
            // The generator is closed (and flushed); AUTO_CLOSE_CONTENT is off, so the array is still open.
            out.write(',');
            out.write(raw.source(), raw.argsOffset(), raw.argsLength());
            if (raw.kwargsLength() > 0) {
                out.write(',');
                out.write(raw.source(), raw.kwargsOffset(), raw.kwargsLength());
            }
            out.write(']');
        }
        return out.toByteArray();
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
            g.writeNumber(finite(d));
        } else if (v instanceof byte[] bytes) {
            g.writeString(JsonBinary.toJson(bytes));
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof Float f) {
            g.writeNumber((float) finite(f));
        } else if (v instanceof Short s) {
            g.writeNumber(s);
        } else if (v instanceof Byte b) {
            g.writeNumber(b);
        } else {
            throw new IllegalArgumentException("cannot encode a " + v.getClass().getName() + " as JSON");
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

    private static double finite(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("JSON cannot represent " + d);
        }
        return d;
    }
}
