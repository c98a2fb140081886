package dev.junction.serializer.msgpack.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.Payload;

/**
 * Reads values from one byte range: builds them ({@link #read}) or only checks them ({@link #skipChecked}).
 * Strings and binaries are taken straight from the source array (the unpacker only skips over them), so a
 * declared length larger than the input fails before anything is allocated. One instance per decode; not
 * thread-safe.
 */
final class MsgpackValueReader {
    /** Decodes one payload element that {@link MsgpackMessageReader} has already checked. */
    static final Payload.Decoder PAYLOAD_DECODER = MsgpackValueReader::decodePayloadElement;

    /** Largest initial capacity of a list or map, whatever count the input claims; they grow beyond it. */
    private static final int INITIAL_CAPACITY_LIMIT = 1024;

    private final MessageUnpacker unpacker;
    private final byte[] data;
    private final int base;
    private final boolean strict;
    private CharsetDecoder utf8;

    /**
     * @param strict true for a message's head: malformed UTF-8 and repeated keys are protocol violations; false for
     *            payloads checked earlier: malformed UTF-8 becomes U+FFFD and a repeated key keeps its last value
     */
    MsgpackValueReader(byte[] data, int offset, int length, boolean strict) {
        this.unpacker = MsgpackFormat.UNPACKER.newUnpacker(data, offset, length);
        this.data = data;
        this.base = offset;
        this.strict = strict;
    }

    MessageUnpacker unpacker() {
        return unpacker;
    }

    /** The offset in the source array of the next byte to read. */
    int position() {
        return base + (int) unpacker.getTotalReadBytes();
    }

    /** Builds the next value; {@code depth} is the nesting level of the value. */
    Object read(int depth) throws IOException {
        MessageFormat f = unpacker.getNextFormat();
        switch (f.getValueType()) {
        case NIL:
            unpacker.unpackNil();
            return null;
        case BOOLEAN:
            return unpacker.unpackBoolean();
        case INTEGER:
            if (f == MessageFormat.UINT64) {
                BigInteger b = unpacker.unpackBigInteger();
                return b.bitLength() < 64 ? (Object) b.longValue() : b;
            }
            return unpacker.unpackLong();
        case FLOAT:
            return unpacker.unpackDouble();
        case STRING:
            return readString(f);
        case BINARY:
            int start = position() + headerLength(f);
            unpacker.skipValue();
            return Arrays.copyOfRange(data, start, position());
        case ARRAY:
            return readList(checkDepth(depth));
        case MAP:
            return readMap(checkDepth(depth));
        default:
            readUndefined(f);
            return null;
        }
    }

    /**
     * Consumes JavaScript's {@code undefined} as msgpackr and msgpack-lite write it (fixext 1, type 0, data 0), which
     * JavaScript clients such as wampy.js send for absent options; it reads as nil. Any other extension type is not a
     * WAMP value.
     */
    private void readUndefined(MessageFormat f) throws IOException {
        if (f == MessageFormat.FIXEXT1) {
            ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
            if (header.getType() == 0 && unpacker.readPayload(1)[0] == 0) {
                return;
            }
        }
        throw new ProtocolViolationException("MessagePack " + describe(f) + " is not a WAMP value");
    }

    /**
     * Walks the next value without building it: checks its structure, that map keys are strings and that it holds
     * no extension type (but JavaScript's {@code undefined}, see {@link #readUndefined}).
     */
    void skipChecked(int depth) throws IOException {
        MessageFormat f = unpacker.getNextFormat();
        switch (f.getValueType()) {
        case ARRAY:
            checkDepth(depth);
            for (int i = unpacker.unpackArrayHeader(); i > 0; i--) {
                skipChecked(depth + 1);
            }
            break;
        case MAP:
            checkDepth(depth);
            for (int i = unpacker.unpackMapHeader(); i > 0; i--) {
                MessageFormat k = unpacker.getNextFormat();
                if (k.getValueType() != ValueType.STRING) {
                    throw new ProtocolViolationException("dict keys must be strings, found " + describe(k));
                }
                unpacker.skipValue();
                skipChecked(depth + 1);
            }
            break;
        case EXTENSION:
            readUndefined(f);
            break;
        default:
            unpacker.skipValue();
        }
    }

    private List<Object> readList(int depth) throws IOException {
        int n = unpacker.unpackArrayHeader();
        // The count is the peer's claim: do not let it size an allocation beyond a modest start.
        List<Object> list = new ArrayList<>(Math.min(n, INITIAL_CAPACITY_LIMIT));
        for (int i = 0; i < n; i++) {
            list.add(read(depth + 1));
        }
        return Collections.unmodifiableList(list);
    }

    private Map<String, Object> readMap(int depth) throws IOException {
        int n = unpacker.unpackMapHeader();
        Map<String, Object> map = new LinkedHashMap<>(Math.min(n, INITIAL_CAPACITY_LIMIT) * 4 / 3 + 1);
        for (int i = 0; i < n; i++) {
            MessageFormat k = unpacker.getNextFormat();
            if (k.getValueType() != ValueType.STRING) {
                throw new ProtocolViolationException("dict keys must be strings, found " + describe(k));
            }
            String key = readString(k);
            int before = map.size();
            map.put(key, read(depth + 1));
            if (strict && map.size() == before) {
                throw new ProtocolViolationException("duplicate key \"" + abbreviate(key) + "\" in a dict");
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private String readString(MessageFormat f) throws IOException {
        int start = position() + headerLength(f);
        unpacker.skipValue();
        int length = position() - start;
        if (!strict || isAscii(start, length)) {
            return new String(data, start, length, StandardCharsets.UTF_8);
        }
        if (utf8 == null) {
            utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            return utf8.decode(ByteBuffer.wrap(data, start, length)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolViolationException("a MessagePack string is not valid UTF-8", e);
        }
    }

    private boolean isAscii(int start, int length) {
        for (int i = start, stop = start + length; i < stop; i++) {
            if (data[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static int checkDepth(int depth) {
        if (depth > MsgpackFormat.MAX_DEPTH) {
            throw new ProtocolViolationException("lists and dicts nested deeper than " + MsgpackFormat.MAX_DEPTH);
        }
        return depth;
    }

    /** Bytes before the content of a str or bin value. */
    private static int headerLength(MessageFormat f) {
        return switch (f) {
        case FIXSTR -> 1;
        case STR8, BIN8 -> 2;
        case STR16, BIN16 -> 3;
        case STR32, BIN32 -> 5;
        default -> throw new IllegalStateException("not a str or bin format: " + f);
        };
    }

    static String describe(MessageFormat f) {
        return switch (f.getValueType()) {
        case NIL -> "nil";
        case BOOLEAN -> "a boolean";
        case INTEGER -> "an integer";
        case FLOAT -> "a float";
        case STRING -> "a string";
        case BINARY -> "binary";
        case ARRAY -> "an array";
        case MAP -> "a map";
        case EXTENSION -> "an extension type";
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    private static Object decodePayloadElement(byte[] source, int offset, int length) {
        try {
            return new MsgpackValueReader(source, offset, length, false).read(1);
        } catch (MessageInsufficientBufferException e) {
            throw new ProtocolViolationException("truncated MessagePack payload", e);
        } catch (MessagePackException | IOException e) {
            throw new ProtocolViolationException("invalid MessagePack payload: " + e.getMessage(), e);
        }
    }
}
