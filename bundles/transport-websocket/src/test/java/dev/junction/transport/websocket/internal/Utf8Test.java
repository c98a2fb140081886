package dev.junction.transport.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void wellFormedSequencesAtEveryBoundaryPass() {
        for (String hex : new String[] {"", "00", "7f", "c280", "dfbf", "e0a080", "ed9fbf", "ee8080", "efbfbf",
                "f0908080", "f48fbfbf", "5b312c7b7d5d", "e282ac", "f09f9880"}) {
            assertThat(valid(hex)).as(hex).isTrue();
        }
    }

    @Test
    void overlongSurrogatesOutOfRangeAndTruncatedSequencesFail() {
        for (String hex : new String[] {"80", "bf", "c080", "c1bf", "e08080", "e09fbf", "eda080", "edbfbf",
                "f08f8080", "f4908080", "f5808080", "ff", "c2", "e0a0", "f09080", "c241", "e0a041", "f0908041",
                "41c2", "cebae1bdb9cf83ceb5eda080656469746564"}) {
            assertThat(valid(hex)).as(hex).isFalse();
        }
    }

    /** Oracle: the JDK's strict decoder, on random bytes biased towards the interesting lead bytes. */
    @Test
    void agreesWithTheJdkDecoderOnRandomInput() {
        Random random = new Random(20261206);
        byte[] interesting = HexFormat.of().parseHex("007f80bfc0c1c2dfe0edeff0f4f5ff9fa090");
        for (int n = 0; n < 200_000; n++) {
            byte[] bytes = new byte[random.nextInt(8)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)]
                        : (byte) random.nextInt(256);
            }
            assertThat(Utf8.isValid(bytes, 0, bytes.length)).as(HexFormat.of().formatHex(bytes))
                    .isEqualTo(jdkAccepts(bytes));
        }
    }

    @Test
    void onlyTheGivenRangeIsChecked() {
        byte[] bytes = HexFormat.of().parseHex("ff41e282acff");
        assertThat(Utf8.isValid(bytes, 1, 5)).isTrue();
        assertThat(Utf8.isValid(bytes, 1, 4)).isFalse();
    }

    private static boolean valid(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        return Utf8.isValid(bytes, 0, bytes.length);
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
