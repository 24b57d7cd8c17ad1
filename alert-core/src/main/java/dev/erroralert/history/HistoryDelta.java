package dev.erroralert.history;

import java.util.Objects;

import dev.erroralert.fingerprint.Fingerprint;
import org.jspecify.annotations.Nullable;

/**
 * What to add to one fingerprint's history row: occurrences counted since the last write-back, and the alerts sent
 * for them. Applying a delta adds the counts, widens first and last seen, and fills the details where the row has
 * none.
 *
 * @param fingerprint the error
 * @param occurrences occurrences counted, 0 or more
 * @param alertsSent alerts sent, 0 or more
 * @param alertedOccurrences occurrences covered by those alerts (several when aggregated); the rest were suppressed or
 *     muted
 * @param firstSeenMillis the earliest of the occurrences, epoch milliseconds
 * @param lastSeenMillis the latest of them
 * @param details what the row shows of the error, or {@code null} when unknown to whoever counted
 */
public record HistoryDelta(Fingerprint fingerprint, long occurrences, long alertsSent, long alertedOccurrences,
        long firstSeenMillis, long lastSeenMillis, @Nullable ErrorDetails details) {

    public HistoryDelta {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (occurrences < 0 || alertsSent < 0 || alertedOccurrences < 0) {
            throw new IllegalArgumentException("Counts of a history delta are 0 or more: occurrences=" + occurrences
                    + ", alertsSent=" + alertsSent + ", alertedOccurrences=" + alertedOccurrences);
        }
        if (lastSeenMillis < firstSeenMillis) {
            throw new IllegalArgumentException("lastSeenMillis " + lastSeenMillis + " is before firstSeenMillis "
                    + firstSeenMillis);
        }
    }
}
