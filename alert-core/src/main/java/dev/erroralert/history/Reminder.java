package dev.erroralert.history;

import java.util.Objects;

import dev.erroralert.fingerprint.Fingerprint;
import org.jspecify.annotations.Nullable;

/**
 * A reminder claimed for an error that is still occurring past its cap: how often it occurred since the last
 * reminder, and in all since its episode began.
 *
 * @param fingerprint the error
 * @param firstSeenMillis the episode's first occurrence, epoch milliseconds
 * @param sinceMillis the previous reminder of the episode, or its first occurrence before the first reminder
 * @param remindedAtMillis when this reminder was claimed
 * @param occurrences every occurrence of the episode so far, as the store counted it
 * @param occurrencesSince those counted since {@code sinceMillis}
 * @param details what is known of the error, or {@code null}
 */
public record Reminder(Fingerprint fingerprint, long firstSeenMillis, long sinceMillis, long remindedAtMillis,
        long occurrences, long occurrencesSince, @Nullable ErrorDetails details) {

    public Reminder {
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
