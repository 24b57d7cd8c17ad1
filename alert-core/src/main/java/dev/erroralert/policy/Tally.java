package dev.erroralert.policy;

import java.util.Objects;

/**
 * What a store counted for one fingerprint in one atomic step.
 *
 * @param previousCount the live record's count before this step; 0 when the record was new or had expired
 * @param count the count after this step
 * @param firstSeenMillis when the live record was created
 * @param countedBy the name of the store that counted, a bounded value such as {@code redis}
 */
public record Tally(long previousCount, long count, long firstSeenMillis, String countedBy) {

    public Tally {
        Objects.requireNonNull(countedBy, "countedBy");
        if (previousCount < 0 || count <= previousCount) {
            throw new IllegalArgumentException(
                    "A tally grows by at least one: previousCount=" + previousCount + ", count=" + count);
        }
    }

    /** How many occurrences this step added. */
    public long delta() {
        return count - previousCount;
    }

    /** Whether the record started with this step (rule 1: a new error). */
    public boolean isNew() {
        return previousCount == 0;
    }
}
