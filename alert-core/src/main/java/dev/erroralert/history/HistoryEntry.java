package dev.erroralert.history;

import java.util.Objects;

import dev.erroralert.fingerprint.Fingerprint;
import org.jspecify.annotations.Nullable;

/**
 * One fingerprint's row of the error history.
 *
 * @param fingerprint the error
 * @param details what is known of it, or {@code null} when no instance that counted it knew
 * @param firstSeenMillis the first occurrence ever written back, epoch milliseconds
 * @param lastSeenMillis the latest one
 * @param totalCount every occurrence counted, by every instance
 * @param alertsSent the alerts sent for it
 * @param suppressedCount the occurrences not alerted (suppressed or muted)
 */
public record HistoryEntry(Fingerprint fingerprint, @Nullable ErrorDetails details, long firstSeenMillis,
        long lastSeenMillis, long totalCount, long alertsSent, long suppressedCount) {

    public HistoryEntry {
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
