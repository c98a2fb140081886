package dev.junction.transport.rawsocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RawSocketSettingsTest {

    @Test
    void maxConnectionsDefaultsTo20000AndAcceptsZeroForUnlimited() throws Exception {
        assertThat(RawSocketSettings.parse(Map.of()).maxConnections()).isEqualTo(20_000);
        assertThat(RawSocketSettings.parse(Map.of("options.max_connections", "0")).maxConnections()).isZero();
        assertThat(RawSocketSettings.parse(Map.of("options.max_connections", 5)).maxConnections()).isEqualTo(5);
        assertThatThrownBy(() -> RawSocketSettings.parse(Map.of("options.max_connections", -1)))
                .hasMessageContaining("options.max_connections=-1");
    }
}
