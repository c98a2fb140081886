package dev.junction.serializer.cbor.internal;

import org.osgi.service.component.annotations.Component;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.WampMessage;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.serializer.WampSerializer;

/**
 * The WAMP CBOR serializer ({@code wamp.2.cbor}, RawSocket id 3, binary frames; RFC 8949). WAMP binary values are
 * CBOR byte strings. Stateless: every call builds its own parser or generator from one shared
 * {@link com.fasterxml.jackson.dataformat.cbor.CBORFactory}, so it is safe to call concurrently.
 */
@Component(service = Serializer.class)
@WampSerializer(name = CborFormat.NAME, subprotocol = "wamp.2.cbor", rawSocketId = 3)
public final class CborSerializerComponent implements Serializer {
    private final CborMessageReader reader = new CborMessageReader();
    private final CborMessageWriter writer = new CborMessageWriter();

    @Override
    public String name() {
        return CborFormat.NAME;
    }

    @Override
    public String subprotocol() {
        return "wamp.2.cbor";
    }

    @Override
    public int rawSocketId() {
        return 3;
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
