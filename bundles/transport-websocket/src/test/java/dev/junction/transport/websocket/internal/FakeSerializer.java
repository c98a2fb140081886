package dev.junction.transport.websocket.internal;

import java.util.Map;

import dev.junction.api.message.WampMessage;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.serializer.WampSerializer;

/** A serializer that only has an identity: the transport never encodes or decodes. */
record FakeSerializer(String name, String subprotocol, int rawSocketId, boolean isBinary) implements Serializer {

    static final FakeSerializer JSON = new FakeSerializer("json", "wamp.2.json", 1, false);
    static final FakeSerializer MSGPACK = new FakeSerializer("msgpack", "wamp.2.msgpack", 2, true);

    Map<String, Object> properties() {
        return Map.of(WampSerializer.NAME, name, WampSerializer.SUBPROTOCOL, subprotocol,
                WampSerializer.RAW_SOCKET_ID, rawSocketId);
    }

    @Override
    public WampMessage decode(byte[] data) {
        throw new UnsupportedOperationException();
    }

    @Override
    public byte[] encode(WampMessage message) {
        throw new UnsupportedOperationException();
    }
}
