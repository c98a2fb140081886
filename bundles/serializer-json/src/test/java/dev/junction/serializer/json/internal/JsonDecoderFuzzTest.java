package dev.junction.serializer.json.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.WampMessage;
import dev.junction.api.testing.FuzzChecks;

/**
 * Coverage-guided fuzzing of the JSON decoder (Jazzer). In the normal build this runs the kept inputs in
 * {@code src/test/resources/.../JsonDecoderFuzzTestInputs/decode} (regression mode, seconds); {@code scripts/fuzz.sh}
 * fuzzes for as long as asked. The contract under test: any bytes either decode to a message that encodes again
 * (after its lazily decoded payload has been decoded) or throw {@link ProtocolViolationException},
 * which the router turns into ABORT; nothing else escapes and nothing hangs.
 */
class JsonDecoderFuzzTest {
    private static final JsonSerializerComponent JSON = new JsonSerializerComponent();

    @FuzzTest(maxDuration = "30s")
    void decode(byte[] data) {
        WampMessage message;
        try {
            message = JSON.decode(data);
        } catch (ProtocolViolationException expected) {
            return;
        }
        FuzzChecks.decodePayload(message);
        JSON.encode(message);
    }
}
