package dev.erroralert.history;

import java.util.List;
import java.util.Objects;

/**
 * Counts taken from a store for the history, under an id that makes applying them idempotent
 * ({@link HistoryStore#apply}).
 *
 * @param id unique across the fleet and over time, 1 to 100 characters
 * @param deltas what to add, at most one per fingerprint
 */
public record PendingBatch(String id, List<HistoryDelta> deltas) {

    public PendingBatch {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty() || id.length() > 100) {
            throw new IllegalArgumentException("A batch id is 1 to 100 characters, got " + id.length());
        }
        deltas = List.copyOf(deltas);
    }
}
