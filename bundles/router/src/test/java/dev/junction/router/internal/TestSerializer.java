package dev.junction.router.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.WampMessage;
import dev.junction.spi.serializer.Serializer;

/** A serializer for router tests: a frame is a handle to the message object itself. */
final class TestSerializer implements Serializer {
    private final String name;
    private final ConcurrentHashMap<Long, WampMessage> messages = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    TestSerializer(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String subprotocol() {
        return "wamp.2." + name;
    }

    @Override
    public int rawSocketId() {
        return 99;
    }

    @Override
    public boolean isBinary() {
        return true;
    }

    @Override
    public WampMessage decode(byte[] data) {
        if (data.length != 8) {
            throw new ProtocolViolationException("not a test frame");
        }
        WampMessage m = messages.get(ByteBuffer.wrap(data).getLong());
        if (m == null) {
            throw new ProtocolViolationException("unknown test frame");
        }
        return m;
    }

    @Override
    public byte[] encode(WampMessage message) {
        long id = ids.incrementAndGet();
        messages.put(id, message);
        return ByteBuffer.allocate(8).putLong(id).array();
    }
}
