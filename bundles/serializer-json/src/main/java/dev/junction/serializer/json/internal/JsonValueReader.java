package dev.junction.serializer.json.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.Payload;

/**
 * Builds Java values from JSON tokens: {@code null}, {@link Boolean}, {@link Long} ({@link java.math.BigInteger}
 * beyond 64 bits), {@link Double}, {@link String}, {@code byte[]} (see {@link JsonBinary}), and unmodifiable
 * {@link List}s and {@link Map}s (insertion ordered). Also the lazy {@link Payload.Decoder} of this format.
 */
final class JsonValueReader {
    /** Decodes one payload element that {@link JsonMessageReader} has already checked for syntax. */
    static final Payload.Decoder PAYLOAD_DECODER = JsonValueReader::decodePayloadElement;

    private JsonValueReader() {
    }

    /**
     * The value that starts with the current token {@code t}; on return the parser is on the value's last token.
     *
     * @param strict whether a duplicate key is a protocol violation (head dicts) or resolves to its last value
     *            (payloads)
     */
    static Object read(JsonParser p, JsonToken t, boolean strict) throws IOException {
        switch (t) {
        case VALUE_STRING:
            return JsonBinary.fromJson(p.getText());
        case VALUE_NUMBER_INT:
            return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue()
                    : (Object) p.getLongValue();
        case VALUE_NUMBER_FLOAT:
            return p.getDoubleValue();
        case VALUE_TRUE:
            return Boolean.TRUE;
        case VALUE_FALSE:
            return Boolean.FALSE;
        case VALUE_NULL:
            return null;
        case START_ARRAY:
            return readList(p, strict);
        case START_OBJECT:
            return readMap(p, strict);
        default:
            throw new ProtocolViolationException("unexpected JSON token " + t);
        }
    }

    private static List<Object> readList(JsonParser p, boolean strict) throws IOException {
        List<Object> list = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            list.add(read(p, t, strict));
        }
        return Collections.unmodifiableList(list);
    }

    private static Map<String, Object> readMap(JsonParser p, boolean strict) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        String key;
        while ((key = p.nextFieldName()) != null) {
            int before = map.size();
            map.put(key, read(p, p.nextToken(), strict));
            if (strict && map.size() == before) {
                throw new ProtocolViolationException("duplicate key \"" + abbreviate(key) + "\" in a dict");
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    private static Object decodePayloadElement(byte[] source, int offset, int length) {
        try (JsonParser p = JsonFormat.FACTORY.createParser(source, offset, length)) {
            return read(p, p.nextToken(), false);
        } catch (JsonProcessingException e) {
            throw new ProtocolViolationException("invalid JSON in payload: " + e.getOriginalMessage(), e);
        } catch (IOException | IllegalStateException e) {
            throw new ProtocolViolationException("unreadable JSON payload: " + e.getMessage(), e);
        }
    }
}
