package dev.junction.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionIdSpaceTest {

    @Test
    void idsStayInWampsRangeAndCarryTheirNodesSlot() {
        for (int slot : new int[] { 1, 2, 512, SessionIdSpace.SLOTS }) {
            for (int i = 0; i < 1000; i++) {
                long id = SessionIdSpace.sessionId(slot);
                assertThat(id).isBetween(1L, 1L << 53);
                assertThat(SessionIdSpace.slotOf(id)).isEqualTo(slot);
            }
        }
    }

    @Test
    void slotsOutsideTheSpaceAreRefused() {
        assertThatThrownBy(() -> SessionIdSpace.sessionId(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionIdSpace.sessionId(SessionIdSpace.SLOTS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
