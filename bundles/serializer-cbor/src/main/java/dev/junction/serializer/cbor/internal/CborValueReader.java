package dev.junction.serializer.cbor.internal;

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
 * Builds Java values from CBOR tokens: {@code null} (also for CBOR {@code undefined}, which JavaScript encoders write
 * for missing values), {@link Boolean}, {@link Long} ({@link java.math.BigInteger} beyond 64 bits and for bignum
 * tags), {@link Double} (half, single and double floats), {@link String}, {@code byte[]} (byte strings), and
 * unmodifiable {@link List}s and {@link Map}s (insertion ordered; integer keys become their decimal strings, as
 * Jackson reports them). Also the lazy {@link Payload.Decoder} of this format.
 */
final class CborValueReader {
    /** Decodes one payload element that {@link CborMessageReader} has already checked for syntax. */
    static final Payload.Decoder PAYLOAD_DECODER = CborValueReader::decodePayloadElement;

    private CborValueReader() {
    }

    /**
     * The value that starts with the current token {@code t}; on return the parser is on the value's last token.
     *
     * @param strict whether a duplicate key is a protocol violation (head dicts) or resolves to its last value
     */
    static Object read(JsonParser p, JsonToken t, boolean strict) throws IOException {
        if (t == null) {
            throw new ProtocolViolationException("truncated CBOR message");
        }
        switch (t) {
        case VALUE_STRING:
            return text(p.getText());
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
        case VALUE_EMBEDDED_OBJECT:
            Object embedded = p.getEmbeddedObject();
            if (embedded == null || embedded instanceof byte[]) {
                return embedded;
            }
            throw new ProtocolViolationException("unsupported CBOR value " + embedded.getClass().getSimpleName());
        case START_ARRAY:
            return readList(p, strict);
        case START_OBJECT:
            return readMap(p, strict);
        default:
            throw new ProtocolViolationException("unexpected CBOR token " + t);
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
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            if (t != JsonToken.FIELD_NAME) {
                throw new ProtocolViolationException(t == null ? "truncated CBOR message"
                        : "dict keys must be strings");
            }
            String key = text(p.currentName());
            int before = map.size();
            map.put(key, read(p, p.nextToken(), strict));
            if (strict && map.size() == before) {
                throw new ProtocolViolationException("duplicate key \"" + abbreviate(key) + "\" in a dict");
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * A decoded text string or key, refused when it holds a lone UTF-16 surrogate. Jackson's CBOR parser decodes the
     * three-byte forms of U+D800..U+DFFF, which are not UTF-8 (RFC 3629), into such strings; no encoder can write
     * them again, so one would fail later when the router encodes a message for some receiver (found by fuzzing).
     */
    static String text(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ProtocolViolationException(String.format(
                        "invalid UTF-8 in a CBOR text string: an encoded surrogate U+%04X", (int) c));
            }
        }
        return s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    private static Object decodePayloadElement(byte[] source, int offset, int length) {
        try (JsonParser p = CborFormat.FACTORY.createParser(source, offset, length)) {
            return read(p, p.nextToken(), false);
        } catch (JsonProcessingException e) {
            throw new ProtocolViolationException("invalid CBOR in payload: " + e.getOriginalMessage(), e);
        } catch (IOException | IllegalStateException e) {
            throw new ProtocolViolationException("unreadable CBOR payload: " + e.getMessage(), e);
        }
    }
}
