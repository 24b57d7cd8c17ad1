package dev.erroralert.history;

import java.time.Duration;
import java.util.List;

/**
 * A store that counts occurrences the history does not have yet, and hands them over in batches: Redis, and the
 * in-memory ledger of the direct link.
 * <p>
 * The hand-over is two-phase. {@link #claim} moves what is pending into batches (from then on new occurrences go to
 * the next batch); the write-back applies each to the {@link HistoryStore} and then {@link #acknowledge}s it, which
 * forgets it. A batch not acknowledged (the database failed, the instance died) stays claimed: the instance that
 * claimed it takes it again at its next claim, any other instance once the lease has passed. Applying is idempotent,
 * so taking a batch twice never counts it twice.
 */
public interface PendingCounts {

    /** A short, fixed name for logs and metrics, such as {@code redis}. */
    String name();

    /**
     * Claim what is pending: this instance's batches not yet acknowledged, other instances' batches claimed longer
     * than {@code lease} ago, and everything counted since the last claim, as new batches.
     *
     * @throws RuntimeException when the store is unavailable; nothing is claimed then
     */
    List<PendingBatch> claim(long nowMillis, Duration lease);

    /**
     * Forget a batch the history has applied.
     *
     * @throws RuntimeException when the store is unavailable; the batch is then taken again later, and applying it
     *     again changes nothing
     */
    void acknowledge(PendingBatch batch);
}
