package dev.junction.serializer.json.internal;

import org.osgi.service.component.annotations.Component;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.WampMessage;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.serializer.WampSerializer;

/**
 * The WAMP JSON serializer ({@code wamp.2.json}, RawSocket id 1). Stateless: every call builds its own parser or
 * generator from one shared {@link com.fasterxml.jackson.core.JsonFactory}, so it is safe to call concurrently.
 */
@Component(service = Serializer.class)
@WampSerializer(name = JsonFormat.NAME, subprotocol = "wamp.2.json", rawSocketId = 1)
public final class JsonSerializerComponent implements Serializer {
    private final JsonMessageReader reader = new JsonMessageReader();
    private final JsonMessageWriter writer = new JsonMessageWriter();

    @Override
    public String name() {
        return JsonFormat.NAME;
    }

    @Override
    public String subprotocol() {
        return "wamp.2.json";
    }

    @Override
    public int rawSocketId() {
        return 1;
    }

    @Override
    public boolean isBinary() {
        return false;
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
