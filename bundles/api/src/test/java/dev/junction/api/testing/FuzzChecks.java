package dev.junction.api.testing;

import java.lang.reflect.RecordComponent;

import dev.junction.api.message.Payload;
import dev.junction.api.message.WampMessage;

/**
 * What a serializer's fuzz target checks beyond "decode throws nothing but a protocol violation". Shared by the
 * serializer bundles' fuzz tests through this module's test-jar.
 */
public final class FuzzChecks {
    private FuzzChecks() {
    }

    /** Decodes every payload the message carries: a payload that passed the syntax check must decode. */
    public static void decodePayload(WampMessage message) {
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
