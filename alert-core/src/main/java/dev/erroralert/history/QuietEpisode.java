package dev.erroralert.history;

import java.util.Objects;

import dev.erroralert.fingerprint.Fingerprint;
import org.jspecify.annotations.Nullable;

/**
 * An episode of an error that ended: its record expired after a whole window without occurrences.
 *
 * @param fingerprint the error
 * @param firstSeenMillis the episode's first occurrence, epoch milliseconds
 * @param lastSeenMillis its last one
 * @param occurrences every occurrence of the episode
 * @param alertedOccurrences the occurrences alerts were sent for; the others were suppressed or muted
 * @param details what is known of the error, or {@code null}
 */
public record QuietEpisode(Fingerprint fingerprint, long firstSeenMillis, long lastSeenMillis, long occurrences,
        long alertedOccurrences, @Nullable ErrorDetails details) {

    public QuietEpisode {
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** The occurrences no alert was sent for. */
    public long notAlerted() {
        return Math.max(0, occurrences - alertedOccurrences);
    }
}
