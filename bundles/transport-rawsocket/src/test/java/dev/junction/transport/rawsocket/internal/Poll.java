package dev.junction.transport.rawsocket.internal;

import java.util.function.BooleanSupplier;

/** Polls a condition with a deadline instead of sleeping a fixed time. */
final class Poll {
    private Poll() {
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 10 s waiting for: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
