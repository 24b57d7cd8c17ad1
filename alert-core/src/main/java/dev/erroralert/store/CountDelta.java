package dev.erroralert.store;

import java.util.List;
import java.util.Objects;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.policy.Tally;
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
 * @param alertedBefore earlier steps of this error that an alert was sent for and that are not noted yet, to note
 *     with this step ({@link DedupStore#recordAlerted}) rather than in a call of their own: a store notes those it
 *     counted itself and ignores the others
 */
public record CountDelta(Fingerprint fingerprint, long delta, @Nullable ErrorDetails details,
        long expectedFirstMillis, List<Tally> alertedBefore) {

    public CountDelta {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (delta < 1) {
            throw new IllegalArgumentException("delta must be at least 1, got " + delta);
        }
        alertedBefore = List.copyOf(alertedBefore);
    }

    /** Occurrences of an error with no earlier alert to note. */
    public CountDelta(Fingerprint fingerprint, long delta, @Nullable ErrorDetails details, long expectedFirstMillis) {
        this(fingerprint, delta, details, expectedFirstMillis, List.of());
    }

    /** Occurrences of an error whose live record the caller knows nothing of. */
    public CountDelta(Fingerprint fingerprint, long delta, @Nullable ErrorDetails details) {
        this(fingerprint, delta, details, 0);
    }

    /** The earlier alerts of this error that {@code store} counted, which that store notes with this step. */
    public List<Tally> alertedBeforeIn(String store) {
        if (alertedBefore.isEmpty()) {
            return alertedBefore;
        }
        return alertedBefore.stream().filter((step) -> step.countedBy().equals(store)).toList();
    }
}
