package dev.junction.serializer.cbor.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.Payload;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.WampMessages;

/**
 * Decodes one message: the elements before the payload become values, the payload elements are walked token by token
 * (text strings are decoded, so invalid UTF-8 is refused here and not by some later receiver) and kept as byte ranges
 * of the frame (see {@link Payload#encoded}). Jackson's CBOR parser reports token locations as byte offsets.
 */
final class CborMessageReader {

    WampMessage decode(byte[] data) {
        if (data.length == 0) {
            throw new ProtocolViolationException("empty CBOR message");
        }
        try (JsonParser p = CborFormat.FACTORY.createParser(data)) {
            return read(p, data);
        } catch (JsonProcessingException e) {
            throw new ProtocolViolationException("invalid CBOR: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProtocolViolationException("unreadable CBOR: " + e.getMessage(), e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ProtocolViolationException("CBOR rejected: " + e.getMessage(), e);
        }
    }

    private static WampMessage read(JsonParser p, byte[] data) throws IOException {
        if (p.nextToken() != JsonToken.START_ARRAY) {
            throw new ProtocolViolationException("a WAMP message must be a CBOR array");
        }
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_ARRAY) {
            throw new ProtocolViolationException("a message must be a non-empty list");
        }
        Object code = CborValueReader.read(p, t, true);
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
                throw new ProtocolViolationException("truncated CBOR message");
            }
            if (payloadIndex < 0 || index < payloadIndex) {
                head.add(CborValueReader.read(p, t, true));
            } else if (index == payloadIndex) {
                if (t != JsonToken.START_ARRAY) {
                    throw new ProtocolViolationException("Arguments must be a list");
                }
                argsOffset = (int) p.currentTokenLocation().getByteOffset();
                emptyArgs = walkContainer(p) == 0;
                argsLength = (int) p.currentLocation().getByteOffset() - argsOffset;
            } else if (index == payloadIndex + 1) {
                if (t != JsonToken.START_OBJECT) {
                    throw new ProtocolViolationException("ArgumentsKw must be a dict");
                }
                kwargsOffset = (int) p.currentTokenLocation().getByteOffset();
                walkContainer(p);
                kwargsLength = (int) p.currentLocation().getByteOffset() - kwargsOffset;
            } else {
                throw new ProtocolViolationException("too many elements in " + WampMessages.name(type));
            }
            index++;
        }
        if (p.nextToken() != null) {
            throw new ProtocolViolationException("trailing data after the CBOR message");
        }
        Payload payload = argsLength == 0 ? null
                : Payload.encoded(new Payload.Encoded(CborFormat.NAME, data, argsOffset, argsLength, emptyArgs,
                        kwargsOffset, kwargsLength, CborValueReader.PAYLOAD_DECODER));
        return WampMessages.fromWire(head, payload);
    }

    /**
     * Walks the list or dict the parser is at to its end without building values, decoding text strings so that
     * their UTF-8 is checked. Returns the number of direct elements.
     */
    private static int walkContainer(JsonParser p) throws IOException {
        int depth = 1;
        int direct = 0;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ProtocolViolationException("truncated CBOR message");
            }
            if (depth == 1 && t != JsonToken.END_ARRAY && t != JsonToken.END_OBJECT && t != JsonToken.FIELD_NAME) {
                direct++;
            }
            switch (t) {
            case START_ARRAY, START_OBJECT -> depth++;
            case END_ARRAY, END_OBJECT -> depth--;
            case VALUE_STRING -> CborValueReader.text(p.getText());
            case FIELD_NAME -> CborValueReader.text(p.currentName());
            case VALUE_EMBEDDED_OBJECT -> {
                Object embedded = p.getEmbeddedObject();
                if (embedded != null && !(embedded instanceof byte[])) {
                    throw new ProtocolViolationException(
                            "unsupported CBOR value " + embedded.getClass().getSimpleName());
                }
            }
            default -> {
            }
            }
        }
        return direct;
    }
}
