package dev.erroralert.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a store keeps a fingerprint's record alive: {@code first} after a single occurrence,
 * {@code repeat} (sliding) once it has repeated. A record that expires makes the next occurrence new again.
 *
 * @param first the lifetime of a record holding exactly one occurrence
 * @param repeat the lifetime of a record after each further occurrence
 */
public record DedupWindows(Duration first, Duration repeat) {

    public DedupWindows {
        requirePositive(first, "first");
        requirePositive(repeat, "repeat");
    }

    /** The lifetime a record gets when it holds {@code count} occurrences after an update. */
    public long ttlMillis(long count) {
        return (count == 1 ? first : repeat).toMillis();
    }

    static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero() || duration.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, got " + duration);
        }
    }
}
