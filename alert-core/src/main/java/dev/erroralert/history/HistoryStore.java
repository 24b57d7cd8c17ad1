package dev.erroralert.history;

import java.util.List;
import java.util.Optional;

import dev.erroralert.fingerprint.Fingerprint;

/**
 * The error history, one row per fingerprint, in a database.
 * <p>
 * Batches are applied exactly once: {@link #apply} records the batch's id in the same transaction as its deltas, and
 * a batch whose id is already recorded changes nothing. So a batch may be applied again after any failure (the
 * database failing half-way, an instance dying before it could acknowledge the batch, two instances taking the same
 * stale batch) without counting anything twice.
 */
public interface HistoryStore {

    /**
     * Add {@code deltas} in one transaction, unless a batch of this id was applied already.
     *
     * @param batchId unique per batch, 1 to 100 characters
     * @return {@code true} when this call applied the batch, {@code false} when it had been applied before
     * @throws RuntimeException when the database failed; then nothing of the batch was applied
     */
    boolean apply(String batchId, List<HistoryDelta> deltas);

    /** The {@code limit} rows seen most recently, latest first. */
    List<HistoryEntry> recent(int limit);

    /** The {@code limit} rows with the highest totals among those seen since {@code sinceMillis}, highest first. */
    List<HistoryEntry> top(int limit, long sinceMillis);

    /** The row of {@code fingerprint}, if any. */
    Optional<HistoryEntry> find(Fingerprint fingerprint);

    /**
     * Delete the rows last seen before {@code millis}, and the record of batches applied before it.
     *
     * @return how many history rows were deleted
     */
    int purgeOlderThan(long millis);
}
