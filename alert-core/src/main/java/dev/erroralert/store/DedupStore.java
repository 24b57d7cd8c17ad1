package dev.erroralert.store;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;

/**
 * Shared deduplication state: one record per fingerprint, counted and expired atomically so that
 * instances racing on the same fingerprint agree on which occurrence was first.
 * <p>
 * The step is: if no live record exists (none, or expired), create one with {@code count = delta} and
 * {@code firstSeen = now}; otherwise add {@code delta}. Then set the record's lifetime to
 * {@link DedupWindows#ttlMillis(long) windows.ttlMillis(count)} from now.
 * <p>
 * A store that cannot answer throws; the chain then asks the next one. A store must bound its own waiting (a short
 * command or statement timeout): the chain skips a store that failed, but it cannot interrupt one that hangs, and a
 * hanging store holds up every decision behind it.
 */
public interface DedupStore {

    /** A short, fixed name for logs and metrics, such as {@code redis}. */
    String name();

    /**
     * Count {@code delta} occurrences of {@code fingerprint} at {@code nowMillis} in one atomic step.
     *
     * @throws RuntimeException when the store is unavailable or too slow
     */
    Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows);

    /**
     * Check that the store can answer, within its own timeout, so an application can say at start-up that a store is
     * unreachable rather than at the first error. Stores that cannot tell do nothing.
     *
     * @throws RuntimeException when the store is unavailable
     */
    default void probe() {
    }
}
