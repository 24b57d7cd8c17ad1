package dev.erroralert.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/** Waiting for a server-side state that Redis reaches on its own (a Cluster formed, a failover done). */
final class Polling {

    private static final long INTERVAL_MILLIS = 50;

    private Polling() {
    }

    /**
     * Return once {@code condition} holds; a condition that throws counts as not yet holding.
     *
     * @throws IllegalStateException naming {@code what} when it does not hold within {@code atMost}, a guard against
     * hanging and not a speed requirement
     */
    static void until(String what, Duration atMost, BooleanSupplier condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        @Nullable RuntimeException lastFailure = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            }
            catch (RuntimeException ex) {
                lastFailure = ex;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Gave up waiting for " + what + " after " + atMost, lastFailure);
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, ex);
            }
        }
    }
}
