package dev.junction.router.internal;

import java.util.List;
import java.util.Map;

/** Waits for a router to start refusing handshakes, without sleeping blindly. */
final class TestClientProbe {
    private TestClientProbe() {
    }

    static void awaitRefusal(Router router) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            var request = new dev.junction.spi.transport.HandshakeRequest("probe", "websocket", "tcp4:127.0.0.1:1",
                    false, "/", Map.of(), List.of(), new TestSerializer("json"), Map.of());
            if (!router.handshake(request).accepted()) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the router kept accepting handshakes");
    }
}
