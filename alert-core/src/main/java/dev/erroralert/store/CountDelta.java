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
 * @param details what the history shows of the error, or {@code null}
 */
public record CountDelta(Fingerprint fingerprint, long delta, @Nullable ErrorDetails details) {

    public CountDelta {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (delta < 1) {
            throw new IllegalArgumentException("delta must be at least 1, got " + delta);
        }
    }
}
