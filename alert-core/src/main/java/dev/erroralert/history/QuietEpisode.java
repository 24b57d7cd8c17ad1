package dev.erroralert.history;

import java.util.Map;
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
 * @param threads the chat threads the episode's alerts went to, by destination name (a Slack message ts), so that
 *     its summary can close them; empty where the store keeps none
 */
public record QuietEpisode(Fingerprint fingerprint, long firstSeenMillis, long lastSeenMillis, long occurrences,
        long alertedOccurrences, @Nullable ErrorDetails details, Map<String, String> threads) {

    public QuietEpisode {
        Objects.requireNonNull(fingerprint, "fingerprint");
        threads = Map.copyOf(threads);
    }

    /** An episode whose threads are not known. */
    public QuietEpisode(Fingerprint fingerprint, long firstSeenMillis, long lastSeenMillis, long occurrences,
            long alertedOccurrences, @Nullable ErrorDetails details) {
        this(fingerprint, firstSeenMillis, lastSeenMillis, occurrences, alertedOccurrences, details, Map.of());
    }

    /** The occurrences no alert was sent for. */
    public long notAlerted() {
        return Math.max(0, occurrences - alertedOccurrences);
    }
}
