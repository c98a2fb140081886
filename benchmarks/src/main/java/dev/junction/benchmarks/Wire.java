package dev.junction.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Raw WAMP messages as the load generator needs them, in JSON or MsgPack, built by hand (no object model) so that
 * the generator spends as little CPU as possible. Payloads are one string argument of the requested size.
 */
abstract class Wire {
    static final int HELLO = 1, WELCOME = 2, ABORT = 3, ERROR = 8, PUBLISH = 16, PUBLISHED = 17, SUBSCRIBE = 32,
            SUBSCRIBED = 33, EVENT = 36, CALL = 48, RESULT = 50, REGISTER = 64, REGISTERED = 65, INVOCATION = 68,
            YIELD = 70;

    final String name;
    final boolean binary;
    final String subprotocol;

    Wire(String name, boolean binary) {
        this.name = name;
        this.binary = binary;
        this.subprotocol = "wamp.2." + name;
    }

    static Wire of(String name) {
        return switch (name) {
            case "json" -> new Json();
            case "msgpack" -> new Msgpack();
            default -> throw new IllegalArgumentException("serializer " + name);
        };
    }

    static String filler(int size) {
        return "x".repeat(Math.max(0, size));
    }

    abstract byte[] hello(String realm);

    abstract byte[] register(long req, String procedure);

    abstract byte[] subscribe(long req, String topic);

    abstract byte[] call(long req, String procedure, String arg);

    abstract byte[] yield(long req, String arg);

    abstract byte[] publish(long req, String topic, String arg);

    abstract byte[] goodbye();

    /** Message type and first integer element (request or session id; -1 if the second element is no integer). */
    abstract long[] head(byte[] msg);

    static final class Json extends Wire {
        Json() {
            super("json", false);
        }

        private static byte[] b(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        byte[] hello(String realm) {
            return b("[1,\"" + realm + "\",{\"roles\":{\"caller\":{},\"callee\":{},\"publisher\":{},\"subscriber\":{}}}]");
        }

        @Override
        byte[] register(long req, String procedure) {
            return b("[64," + req + ",{},\"" + procedure + "\"]");
        }

        @Override
        byte[] subscribe(long req, String topic) {
            return b("[32," + req + ",{},\"" + topic + "\"]");
        }

        @Override
        byte[] call(long req, String procedure, String arg) {
            return b("[48," + req + ",{},\"" + procedure + "\",[\"" + arg + "\"]]");
        }

        @Override
        byte[] yield(long req, String arg) {
            return b("[70," + req + ",{},[\"" + arg + "\"]]");
        }

        @Override
        byte[] publish(long req, String topic, String arg) {
            return b("[16," + req + ",{\"acknowledge\":true},\"" + topic + "\",[\"" + arg + "\"]]");
        }

        @Override
        byte[] goodbye() {
            return b("[6,{},\"wamp.close.close_realm\"]");
        }

        @Override
        long[] head(byte[] m) {
            int i = 0;
            while (i < m.length && m[i] != '[') {
                i++;
            }
            i++;
            long[] out = {-1, -1};
            for (int k = 0; k < 2; k++) {
                while (i < m.length && (m[i] == ' ' || m[i] == ',' || m[i] == '\n' || m[i] == '\t' || m[i] == '\r')) {
                    i++;
                }
                if (i >= m.length || m[i] < '0' || m[i] > '9') {
                    break;
                }
                long v = 0;
                while (i < m.length && m[i] >= '0' && m[i] <= '9') {
                    v = v * 10 + (m[i++] - '0');
                }
                out[k] = v;
            }
            return out;
        }
    }

    static final class Msgpack extends Wire {
        Msgpack() {
            super("msgpack", true);
        }

        private interface Body {
            void write(MessageBufferPacker p) throws IOException;
        }

        private static byte[] pack(Body body) {
            try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
                body.write(p);
                return p.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        byte[] hello(String realm) {
            return pack(p -> {
                p.packArrayHeader(3).packInt(1).packString(realm).packMapHeader(1).packString("roles").packMapHeader(4);
                for (String r : new String[] {"caller", "callee", "publisher", "subscriber"}) {
                    p.packString(r).packMapHeader(0);
                }
            });
        }

        @Override
        byte[] register(long req, String procedure) {
            return pack(p -> p.packArrayHeader(4).packInt(64).packLong(req).packMapHeader(0).packString(procedure));
        }

        @Override
        byte[] subscribe(long req, String topic) {
            return pack(p -> p.packArrayHeader(4).packInt(32).packLong(req).packMapHeader(0).packString(topic));
        }

        @Override
        byte[] call(long req, String procedure, String arg) {
            return pack(p -> p.packArrayHeader(5).packInt(48).packLong(req).packMapHeader(0).packString(procedure)
                    .packArrayHeader(1).packString(arg));
        }

        @Override
        byte[] yield(long req, String arg) {
            return pack(p -> p.packArrayHeader(4).packInt(70).packLong(req).packMapHeader(0).packArrayHeader(1)
                    .packString(arg));
        }

        @Override
        byte[] publish(long req, String topic, String arg) {
            return pack(p -> p.packArrayHeader(5).packInt(16).packLong(req).packMapHeader(1).packString("acknowledge")
                    .packBoolean(true).packString(topic).packArrayHeader(1).packString(arg));
        }

        @Override
        byte[] goodbye() {
            return pack(p -> p.packArrayHeader(3).packInt(6).packMapHeader(0).packString("wamp.close.close_realm"));
        }

        @Override
        long[] head(byte[] m) {
            long[] out = {-1, -1};
            try (MessageUnpacker u = MessagePack.newDefaultUnpacker(m)) {
                int n = u.unpackArrayHeader();
                if (n > 0) {
                    out[0] = u.unpackLong();
                }
                if (n > 1 && u.getNextFormat().getValueType() == ValueType.INTEGER) {
                    out[1] = u.unpackLong();
                }
            } catch (IOException | RuntimeException e) {
                // not WAMP: leave -1
            }
            return out;
        }
    }
}
