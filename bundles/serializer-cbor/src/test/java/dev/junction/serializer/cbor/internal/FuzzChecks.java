package dev.junction.serializer.cbor.internal;

import java.lang.reflect.RecordComponent;

import dev.junction.api.message.Payload;
import dev.junction.api.message.WampMessage;

/** What a fuzz target checks beyond "decode does not throw anything but a protocol violation". */
final class FuzzChecks {
    private FuzzChecks() {
    }

    /** Decodes every payload the message carries: a payload that passed the syntax check must decode. */
    static void decodePayload(WampMessage message) {
        for (RecordComponent component : message.getClass().getRecordComponents()) {
            if (component.getType() == Payload.class) {
                try {
                    Payload payload = (Payload) component.getAccessor().invoke(message);
                    payload.args();
                    payload.kwargs();
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }
}
