package dev.erroralert.store;

import java.util.Objects;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import org.jspecify.annotations.Nullable;

/**
 * Occurrences of one error to count in a batch ({@link DedupStore#recordAll}).
 *
 * @param fingerprint the error
 * @param delta how many occurrences, at least one
 * @param details what the history shows of the error, or {@code null} (also when the caller knows the store holds
 *     them already)
 * @param expectedFirstMillis when the caller believes the error's live record began, as the store last told it, or 0
 *     when it does not know: a hint a store may use to read less, never trusted over what it holds
 */
public record CountDelta(Fingerprint fingerprint, long delta, @Nullable ErrorDetails details,
        long expectedFirstMillis) {

    public CountDelta {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (delta < 1) {
            throw new IllegalArgumentException("delta must be at least 1, got " + delta);
        }
    }

    /** Occurrences of an error whose live record the caller knows nothing of. */
    public CountDelta(Fingerprint fingerprint, long delta, @Nullable ErrorDetails details) {
        this(fingerprint, delta, details, 0);
    }
}
