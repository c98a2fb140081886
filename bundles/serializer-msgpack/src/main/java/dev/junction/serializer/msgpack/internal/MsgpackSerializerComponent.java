package dev.junction.serializer.msgpack.internal;

import org.osgi.service.component.annotations.Component;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.WampMessage;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.serializer.WampSerializer;

/**
 * The WAMP MessagePack serializer ({@code wamp.2.msgpack}, RawSocket id 2). Stateless: every call builds its own
 * unpacker or packer from shared immutable configurations, so it is safe to call concurrently.
 */
@Component(service = Serializer.class)
@WampSerializer(name = MsgpackFormat.NAME, subprotocol = "wamp.2.msgpack", rawSocketId = 2)
public final class MsgpackSerializerComponent implements Serializer {
    private final MsgpackMessageReader reader = new MsgpackMessageReader();
    private final MsgpackMessageWriter writer = new MsgpackMessageWriter();

    @Override
    public String name() {
        return MsgpackFormat.NAME;
    }

    @Override
    public String subprotocol() {
        return "wamp.2.msgpack";
    }

    @Override
    public int rawSocketId() {
        return 2;
    }

    @Override
    public boolean isBinary() {
        return true;
    }

    @Override
    public WampMessage decode(byte[] data) throws ProtocolViolationException {
        return reader.decode(data);
    }

    @Override
    public byte[] encode(WampMessage message) {
        return writer.encode(message);
    }
}
