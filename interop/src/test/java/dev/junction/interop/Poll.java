package dev.junction.interop;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Poll-until with a bound (there is no Awaitility here). */
final class Poll {
    private Poll() {
    }

    /**
     * Calls {@code probe} every {@code interval} until it returns a value, and returns that value.
     *
     * @throws TimeoutException when {@code timeout} passes first; the message names {@code what}
     */
    static <T> T until(String what, Duration timeout, Duration interval, Supplier<Optional<T>> probe)
            throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new TimeoutException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }
}
