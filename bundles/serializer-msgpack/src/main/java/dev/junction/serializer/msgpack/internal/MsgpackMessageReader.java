package dev.junction.serializer.msgpack.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.Payload;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.WampMessages;

/**
 * Decodes one message: the elements before the payload become values, the payload elements are walked without
 * building values and kept as byte ranges of the frame (see {@link Payload#encoded}).
 */
final class MsgpackMessageReader {

    WampMessage decode(byte[] data) {
        if (data.length == 0) {
            throw new ProtocolViolationException("empty MessagePack message");
        }
        MsgpackValueReader r = new MsgpackValueReader(data, 0, data.length, true);
        try {
            return read(r, data);
        } catch (MessageInsufficientBufferException e) {
            throw new ProtocolViolationException("truncated MessagePack message", e);
        } catch (MessagePackException | IOException e) {
            throw new ProtocolViolationException("invalid MessagePack: " + e.getMessage(), e);
        }
    }

    private static WampMessage read(MsgpackValueReader r, byte[] data) throws IOException {
        MessageUnpacker u = r.unpacker();
        MessageFormat f = u.getNextFormat();
        if (f.getValueType() != ValueType.ARRAY) {
            throw new ProtocolViolationException(
                    "a WAMP message must be a MessagePack array, was " + MsgpackValueReader.describe(f));
        }
        int n = u.unpackArrayHeader();
        if (n == 0) {
            throw new ProtocolViolationException("a message must be a non-empty list");
        }
        Object code = r.read(1);
        int type = code instanceof Long l && l == l.intValue() ? l.intValue() : -1;
        int payloadIndex = type < 0 ? -1 : WampMessages.payloadIndex(type);
        if (payloadIndex >= 0 && n > payloadIndex + 2) {
            throw new ProtocolViolationException("too many elements in " + WampMessages.name(type));
        }
        List<Object> head = new ArrayList<>(payloadIndex > 0 ? payloadIndex : Math.min(n, 8));
        head.add(code);

        int argsOffset = 0;
        int argsLength = 0;
        int kwargsOffset = 0;
        int kwargsLength = 0;
        boolean emptyArgs = true;
        for (int i = 1; i < n; i++) {
            if (payloadIndex < 0 || i < payloadIndex) {
                head.add(r.read(1));
            } else if (i == payloadIndex) {
                f = u.getNextFormat();
                if (f.getValueType() != ValueType.ARRAY) {
                    throw new ProtocolViolationException(
                            "Arguments must be a list, was " + MsgpackValueReader.describe(f));
                }
                argsOffset = r.position();
                int count = u.unpackArrayHeader();
                emptyArgs = count == 0;
                for (; count > 0; count--) {
                    r.skipChecked(2);
                }
                argsLength = r.position() - argsOffset;
            } else {
                f = u.getNextFormat();
                if (f.getValueType() != ValueType.MAP) {
                    throw new ProtocolViolationException(
                            "ArgumentsKw must be a dict, was " + MsgpackValueReader.describe(f));
                }
                kwargsOffset = r.position();
                r.skipChecked(1);
                kwargsLength = r.position() - kwargsOffset;
            }
        }
        if (u.hasNext()) {
            throw new ProtocolViolationException("trailing data after the MessagePack message");
        }
        Payload payload = argsLength == 0 ? null
                : Payload.encoded(new Payload.Encoded(MsgpackFormat.NAME, data, argsOffset, argsLength, emptyArgs,
                        kwargsOffset, kwargsLength, MsgpackValueReader.PAYLOAD_DECODER));
        return WampMessages.fromWire(head, payload);
    }
}
