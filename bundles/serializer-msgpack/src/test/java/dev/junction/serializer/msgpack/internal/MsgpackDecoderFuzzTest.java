package dev.junction.serializer.msgpack.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.WampMessage;
import dev.junction.api.testing.FuzzChecks;

/**
 * Coverage-guided fuzzing of the MsgPack decoder (Jazzer). In the normal build this runs the kept inputs in
 * {@code src/test/resources/.../MsgpackDecoderFuzzTestInputs/decode} (regression mode, seconds); {@code scripts/fuzz.sh}
 * fuzzes for as long as asked. The contract under test: any bytes either decode to a message that encodes again
 * (after its lazily decoded payload has been decoded) or throw {@link ProtocolViolationException},
 * which the router turns into ABORT; nothing else escapes and nothing hangs.
 */
class MsgpackDecoderFuzzTest {
    private static final MsgpackSerializerComponent MSGPACK = new MsgpackSerializerComponent();

    @FuzzTest(maxDuration = "30s")
    void decode(byte[] data) {
        WampMessage message;
        try {
            message = MSGPACK.decode(data);
        } catch (ProtocolViolationException expected) {
            return;
        }
        FuzzChecks.decodePayload(message);
        MSGPACK.encode(message);
    }
}
