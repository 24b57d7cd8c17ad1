package dev.erroralert.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds and pace of the pipeline.
 *
 * @param handOffCapacity how many occurrences may wait between the callers and the dispatcher, which takes them in
 *     without doing I/O; past it they are counted per exception type and site instead of queued (never dropped)
 * @param maxFingerprints how many distinct fingerprints the aggregator holds; memory is bounded by this, not by
 *     the number of occurrences
 * @param flushInterval how often repeats are judged (new fingerprints are judged at once)
 * @param shutdownTimeout how long closing may take to judge and deliver what is pending
 */
public record PipelineSettings(int handOffCapacity, int maxFingerprints, Duration flushInterval,
        Duration shutdownTimeout) {

    public static final int DEFAULT_HAND_OFF_CAPACITY = 2_048;
    public static final int DEFAULT_MAX_FINGERPRINTS = 10_000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(5);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

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
    }

    public static PipelineSettings ofDefaults() {
        return new PipelineSettings(DEFAULT_HAND_OFF_CAPACITY, DEFAULT_MAX_FINGERPRINTS, DEFAULT_FLUSH_INTERVAL,
                DEFAULT_SHUTDOWN_TIMEOUT);
    }

    private static void requireAtLeast(int value, int minimum, String name) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", got " + value);
        }
    }
}
