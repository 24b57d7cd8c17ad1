package dev.erroralert.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds and pace of the pipeline.
 *
 * @param handOffCapacity how many occurrences may wait between the callers and the dispatcher, which takes them in
 *     without doing I/O; past it they are counted per exception type, site and message instead of queued (never
 *     dropped), so each count still reaches its own error
 * @param maxFingerprints how many distinct fingerprints the aggregator holds; memory is bounded by this, not by
 *     the number of occurrences
 * @param flushInterval how often repeats are judged (new fingerprints are judged at once)
 * @param shutdownTimeout how long closing may take to judge and deliver what is pending
 * @param suppressedSyncInterval how often the repeats of an error known to stay suppressed are sent to the store (to
 *     slide its record and feed the history) instead of being judged every flush; capped at a quarter of the policy's
 *     repeat window, so the record never expires while the error keeps occurring
 */
public record PipelineSettings(int handOffCapacity, int maxFingerprints, Duration flushInterval,
        Duration shutdownTimeout, Duration suppressedSyncInterval) {

    public static final int DEFAULT_HAND_OFF_CAPACITY = 2_048;
    public static final int DEFAULT_MAX_FINGERPRINTS = 10_000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(5);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SUPPRESSED_SYNC_INTERVAL = Duration.ofSeconds(10);

    public PipelineSettings {
        requireAtLeast(handOffCapacity, 1, "handOffCapacity");
        requireAtLeast(maxFingerprints, 1, "maxFingerprints");
        Objects.requireNonNull(flushInterval, "flushInterval");
        if (flushInterval.toMillis() < 1) {
            throw new IllegalArgumentException("flushInterval must be at least 1 ms, got " + flushInterval);
        }
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must not be negative, got " + shutdownTimeout);
        }
        Objects.requireNonNull(suppressedSyncInterval, "suppressedSyncInterval");
        if (suppressedSyncInterval.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "suppressedSyncInterval must be at least 1 ms, got " + suppressedSyncInterval);
        }
    }

    /** Settings with the default {@link #DEFAULT_SUPPRESSED_SYNC_INTERVAL suppressed-sync interval}. */
    public PipelineSettings(int handOffCapacity, int maxFingerprints, Duration flushInterval,
            Duration shutdownTimeout) {
        this(handOffCapacity, maxFingerprints, flushInterval, shutdownTimeout, DEFAULT_SUPPRESSED_SYNC_INTERVAL);
    }

    public static PipelineSettings ofDefaults() {
        return new PipelineSettings(DEFAULT_HAND_OFF_CAPACITY, DEFAULT_MAX_FINGERPRINTS, DEFAULT_FLUSH_INTERVAL,
                DEFAULT_SHUTDOWN_TIMEOUT, DEFAULT_SUPPRESSED_SYNC_INTERVAL);
    }

    private static void requireAtLeast(int value, int minimum, String name) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", got " + value);
        }
    }
}
