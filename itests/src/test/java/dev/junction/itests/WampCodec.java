package dev.junction.itests;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The test client's own serializers, written independently of the router's (so a shared bug cannot hide): WAMP
 * messages as plain values ({@code null}, Boolean, Long, Double, String, {@code byte[]}, List, Map with String keys).
 * Integers always decode to {@link Long} (or {@link BigInteger} beyond 64 bits), floats to {@link Double}.
 */
enum WampCodec {
    /** {@code wamp.2.json}: text frames, one JSON array per message. */
    JSON("wamp.2.json", false) {
        @Override
        byte[] encode(List<?> message) {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
                writeJson(g, message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        List<Object> decode(byte[] frame) {
            try (JsonParser p = JSON_FACTORY.createParser(frame)) {
                Object v = readJson(p, p.nextToken());
                if (p.nextToken() != null) {
                    throw new IllegalArgumentException("trailing data after the message");
                }
                return asMessage(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    },

    /** {@code wamp.2.msgpack}: binary frames, one MessagePack array per message. */
    MSGPACK("wamp.2.msgpack", true) {
        @Override
        byte[] encode(List<?> message) {
            try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
                writeMsgpack(packer, message);
                packer.flush();
                return packer.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        List<Object> decode(byte[] frame) {
            try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
                Object v = readMsgpack(u);
                if (u.hasNext()) {
                    throw new IllegalArgumentException("trailing data after the message");
                }
                return asMessage(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    },

    /**
     * {@code wamp.2.cbor}: binary frames, one CBOR array per message, binary as byte strings. Jackson's CBOR format
     * (the router's library too, but the router's reader and writer are its own code); loaded only by tests that
     * use it, since only they provision the bundle.
     */
    CBOR("wamp.2.cbor", true) {
        @Override
        byte[] encode(List<?> message) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (JsonGenerator g = CborFactoryHolder.FACTORY.createGenerator(out)) {
                writeJson(g, message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        @Override
        List<Object> decode(byte[] frame) {
            try (JsonParser p = CborFactoryHolder.FACTORY.createParser(frame)) {
                Object v = readJson(p, p.nextToken());
                if (p.nextToken() != null) {
                    throw new IllegalArgumentException("trailing data after the message");
                }
                return asMessage(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** The codecs of the serializer bundles every IT provisions (CBOR only where a test class adds its bundle). */
    static final List<WampCodec> PROVISIONED = List.of(JSON, MSGPACK);

    private static final class CborFactoryHolder {
        static final JsonFactory FACTORY = new com.fasterxml.jackson.dataformat.cbor.CBORFactory();
    }

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    final String subprotocol;
    final boolean binary;

    WampCodec(String subprotocol, boolean binary) {
        this.subprotocol = subprotocol;
        this.binary = binary;
    }

    abstract byte[] encode(List<?> message);

    abstract List<Object> decode(byte[] frame);

    @SuppressWarnings("unchecked")
    private static List<Object> asMessage(Object v) {
        if (!(v instanceof List)) {
            throw new IllegalArgumentException("a WAMP message must be an array, was " + v);
        }
        return (List<Object>) v;
    }

    // ---- JSON ----

    private static void writeJson(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof byte[] bytes && g.canWriteBinaryNatively()) {
            g.writeBinary(bytes);
        } else if (v instanceof byte[] bytes) {
            // The WAMP binary convention for JSON: a string "\0" + Base64.
            g.writeString("\0" + java.util.Base64.getEncoder().encodeToString(bytes));
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object e : list) {
                writeJson(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName((String) e.getKey());
                writeJson(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            throw new IllegalArgumentException("cannot encode " + v.getClass());
        }
    }

    private static Object readJson(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new IllegalArgumentException("empty frame");
        }
        switch (t) {
        case START_ARRAY: {
            List<Object> list = new ArrayList<>();
            for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                list.add(readJson(p, n));
            }
            return list;
        }
        case START_OBJECT: {
            Map<String, Object> map = new LinkedHashMap<>();
            for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                String key = p.currentName();
                map.put(key, readJson(p, p.nextToken()));
            }
            return map;
        }
        case VALUE_STRING: {
            String s = p.getText();
            if (!s.isEmpty() && s.charAt(0) == '\0') {
                return java.util.Base64.getDecoder().decode(s.substring(1));
            }
            return s;
        }
        case VALUE_NUMBER_INT: {
            Number n = p.getNumberValue();
            return n instanceof BigInteger b ? b : (Object) n.longValue();
        }
        case VALUE_NUMBER_FLOAT:
            return p.getDoubleValue();
        case VALUE_TRUE:
            return Boolean.TRUE;
        case VALUE_FALSE:
            return Boolean.FALSE;
        case VALUE_NULL:
            return null;
        case VALUE_EMBEDDED_OBJECT:
            return p.getEmbeddedObject();
        default:
            throw new IllegalArgumentException("unexpected JSON token " + t);
        }
    }

    // ---- MessagePack ----

    private static void writeMsgpack(MessagePacker p, Object v) throws IOException {
        if (v == null) {
            p.packNil();
        } else if (v instanceof String s) {
            p.packString(s);
        } else if (v instanceof Boolean b) {
            p.packBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            p.packLong(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            p.packBigInteger(b);
        } else if (v instanceof Number n) {
            p.packDouble(n.doubleValue());
        } else if (v instanceof byte[] bytes) {
            p.packBinaryHeader(bytes.length);
            p.writePayload(bytes);
        } else if (v instanceof List<?> list) {
            p.packArrayHeader(list.size());
            for (Object e : list) {
                writeMsgpack(p, e);
            }
        } else if (v instanceof Map<?, ?> map) {
            p.packMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                p.packString((String) e.getKey());
                writeMsgpack(p, e.getValue());
            }
        } else {
            throw new IllegalArgumentException("cannot encode " + v.getClass());
        }
    }

    private static Object readMsgpack(MessageUnpacker u) throws IOException {
        MessageFormat f = u.getNextFormat();
        switch (f.getValueType()) {
        case NIL:
            u.unpackNil();
            return null;
        case BOOLEAN:
            return u.unpackBoolean();
        case INTEGER:
            if (f == MessageFormat.UINT64) {
                BigInteger b = u.unpackBigInteger();
                return b.bitLength() < 64 ? (Object) b.longValue() : b;
            }
            return u.unpackLong();
        case FLOAT:
            return u.unpackDouble();
        case STRING:
            return u.unpackString();
        case BINARY: {
            byte[] b = new byte[u.unpackBinaryHeader()];
            u.readPayload(b);
            return b;
        }
        case ARRAY: {
            int n = u.unpackArrayHeader();
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(readMsgpack(u));
            }
            return list;
        }
        case MAP: {
            int n = u.unpackMapHeader();
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                Object key = readMsgpack(u);
                if (!(key instanceof String)) {
                    throw new IllegalArgumentException("a WAMP dict key must be a string, was " + key);
                }
                map.put((String) key, readMsgpack(u));
            }
            return map;
        }
        default:
            throw new IllegalArgumentException("unexpected MessagePack value " + f);
        }
    }

    /** A readable rendering of a message for failure messages (byte arrays shown as hex). */
    static String show(Object v) {
        if (v instanceof byte[] b) {
            StringBuilder s = new StringBuilder("0x");
            for (byte x : b) {
                s.append(String.format("%02x", x));
            }
            return s.toString();
        }
        if (v instanceof String s) {
            return '"' + s + '"';
        }
        if (v instanceof List<?> l) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(show(l.get(i)));
            }
            return s.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder s = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                s.append(first ? "" : ", ").append(e.getKey()).append(": ").append(show(e.getValue()));
                first = false;
            }
            return s.append('}').toString();
        }
        return String.valueOf(v);
    }
}
