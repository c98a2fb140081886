package dev.junction.transport.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class BatchingTest {
    @Test
    void jsonFramingAppendsTheRecordSeparatorAndSplitsOnIt() {
        byte[] one = "[1]".getBytes(StandardCharsets.UTF_8);
        assertThat(new String(Batching.frame(one, false), StandardCharsets.UTF_8)).isEqualTo("[1]\u001e");
        assertThat(Batching.split("[1]\u001e[2,\"x\"]\u001e".getBytes(StandardCharsets.UTF_8), false))
                .extracting(b -> new String(b, StandardCharsets.UTF_8)).containsExactly("[1]", "[2,\"x\"]");
        assertThatThrownBy(() -> Batching.split("[1]".getBytes(StandardCharsets.UTF_8), false))
                .hasMessageContaining("0x1E");
        assertThatThrownBy(() -> Batching.split(new byte[0], false)).hasMessageContaining("empty batch");
    }

    @Test
    void binaryFramingPrefixesABigEndianLength() {
        byte[] big = new byte[0x010203];
        byte[] framed = Batching.frame(big, true);
        assertThat(HexFormat.of().formatHex(framed, 0, 4)).isEqualTo("00010203");
        assertThat(Batching.split(framed, true)).singleElement().satisfies(b -> assertThat(b).hasSize(0x010203));
        assertThatThrownBy(() -> Batching.split(HexFormat.of().parseHex("ffffffff00"), true))
                .hasMessageContaining("exceeds");
        assertThatThrownBy(() -> Batching.split(HexFormat.of().parseHex("0000"), true))
                .hasMessageContaining("truncated");
    }
}
