package dev.junction.serializer.json.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.Payload;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.WampMessages;

/**
 * Decodes one message: the elements before the payload become values, the payload elements are walked for syntax
 * only and kept as byte ranges of the frame (see {@link Payload#encoded}).
 */
final class JsonMessageReader {

    WampMessage decode(byte[] data) {
        requireArrayStart(data);
        try (JsonParser p = JsonFormat.FACTORY.createParser(data)) {
            // Jackson detects UTF-16/32 from zero bytes; WAMP JSON is UTF-8 only, and byte offsets need UTF-8.
            if (!(p instanceof UTF8StreamJsonParser)) {
                throw new ProtocolViolationException("a JSON message must be UTF-8");
            }
            return read(p, data);
        } catch (JsonProcessingException e) {
            throw new ProtocolViolationException("invalid JSON: " + e.getOriginalMessage() + at(e), e);
        } catch (IOException e) {
            throw new ProtocolViolationException("unreadable JSON: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            // Jackson's guard against hash-collision attacks on its field name table
            throw new ProtocolViolationException("JSON rejected: " + e.getMessage(), e);
        }
    }

    private static WampMessage read(JsonParser p, byte[] data) throws IOException {
        p.nextToken(); // START_ARRAY, checked by requireArrayStart
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_ARRAY) {
            throw new ProtocolViolationException("a message must be a non-empty list");
        }
        Object code = JsonValueReader.read(p, t, true);
        int type = code instanceof Long l && l == l.intValue() ? l.intValue() : -1;
        int payloadIndex = type < 0 ? -1 : WampMessages.payloadIndex(type);
        List<Object> head = new ArrayList<>(payloadIndex > 0 ? payloadIndex : 4);
        head.add(code);

        int argsOffset = 0;
        int argsLength = 0;
        int kwargsOffset = 0;
        int kwargsLength = 0;
        boolean emptyArgs = true;
        int index = 1;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new ProtocolViolationException("truncated JSON message");
            }
            if (payloadIndex < 0 || index < payloadIndex) {
                head.add(JsonValueReader.read(p, t, true));
            } else if (index == payloadIndex) {
                if (t != JsonToken.START_ARRAY) {
                    throw new ProtocolViolationException("Arguments must be a list, was " + describe(t));
                }
                argsOffset = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                argsLength = (int) p.currentLocation().getByteOffset() - argsOffset;
                emptyArgs = isEmptyContainer(data, argsOffset, argsLength);
            } else if (index == payloadIndex + 1) {
                if (t != JsonToken.START_OBJECT) {
                    throw new ProtocolViolationException("ArgumentsKw must be a dict, was " + describe(t));
                }
                kwargsOffset = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                kwargsLength = (int) p.currentLocation().getByteOffset() - kwargsOffset;
            } else {
                throw new ProtocolViolationException("too many elements in " + WampMessages.name(type));
            }
            index++;
        }
        if (p.nextToken() != null) {
            throw new ProtocolViolationException("trailing data after the JSON message");
        }
        Payload payload = argsLength == 0 ? null
                : Payload.encoded(new Payload.Encoded(JsonFormat.NAME, data, argsOffset, argsLength, emptyArgs,
                        kwargsOffset, kwargsLength, JsonValueReader.PAYLOAD_DECODER));
        return WampMessages.fromWire(head, payload);
    }

    /** Rejects anything whose first non-blank byte is not {@code [}, including a byte order mark. */
    private static void requireArrayStart(byte[] data) {
        for (byte b : data) {
            if (b == '[') {
                return;
            }
            if (!isBlank(b)) {
                throw new ProtocolViolationException("a WAMP message must be a JSON array");
            }
        }
        throw new ProtocolViolationException("empty JSON message");
    }

    /** Whether the list or dict at {@code data[offset..offset+length)} has only blanks between its brackets. */
    private static boolean isEmptyContainer(byte[] data, int offset, int length) {
        int last = offset + length - 1;
        for (int i = offset + 1; i < last; i++) {
            if (!isBlank(data[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static String describe(JsonToken t) {
        return switch (t) {
        case START_OBJECT -> "a dict";
        case VALUE_STRING -> "a string";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NULL -> "null";
        case START_ARRAY -> "a list";
        default -> String.valueOf(t);
        };
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getByteOffset() < 0 ? ""
                : " (at byte " + e.getLocation().getByteOffset() + ")";
    }
}
