package dev.junction.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TransportsCommandTest {

    @Test
    void configuredSerializersKeepTheirOrderAndThoseNotInstalledAreMarked() {
        assertThat(TransportsCommand.serializers(List.of("json", "msgpack", "cbor"), Set.of("cbor", "json")))
                .isEqualTo("json, msgpack (not installed), cbor");
        assertThat(TransportsCommand.serializers(List.of("json", "msgpack"), Set.of("json", "msgpack", "cbor")))
                .isEqualTo("json, msgpack");
    }

    @Test
    void aTransportConfiguredWithoutSerializersOffersEveryInstalledOne() {
        assertThat(TransportsCommand.serializers(List.of(), Set.of("msgpack", "json")))
                .isEqualTo("(all registered: json, msgpack)");
        assertThat(TransportsCommand.serializers(List.of(), Set.of())).isEqualTo("(all registered: none yet)");
    }
}
