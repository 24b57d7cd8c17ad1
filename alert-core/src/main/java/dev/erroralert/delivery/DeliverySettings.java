package dev.erroralert.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How each destination's lane paces, retries and parks.
 *
 * @param messagesPerSecond the steady pace per destination (Slack allows about one message a second)
 * @param burst how many messages may go at once before the pace applies
 * @param maxAttempts how many times a message is tried before it is parked in the outbox
 * @param initialBackoff the wait before the second attempt; it doubles (with jitter) up to {@code maxBackoff}
 * @param maxBackoff the longest wait between two attempts
 * @param defaultRetryAfter how long a destination that said "slow down" without saying how long is left alone
 * @param queueCapacity how many distinct errors may wait for one destination to be named (each error's alerts wait
 *     together as one); past it, further errors wait counted by type and location
 * @param outboxCheckInterval how often a lane looks for parked messages to redeliver
 * @param namedErrors how many errors a destination names one by one per {@code namingWindow}; past it, a storm's
 *     further errors are counted by type and location
 * @param namingWindow the window of {@code namedErrors}
 */
public record DeliverySettings(double messagesPerSecond, int burst, int maxAttempts, Duration initialBackoff,
        Duration maxBackoff, Duration defaultRetryAfter, int queueCapacity, Duration outboxCheckInterval,
        int namedErrors, Duration namingWindow) {

    /** The naming budget by default: a storm's first 500 errors in 10 minutes are named, one per line. */
    public static final int DEFAULT_NAMED_ERRORS = 500;

    public static final Duration DEFAULT_NAMING_WINDOW = Duration.ofMinutes(10);

    public DeliverySettings {
        if (!(messagesPerSecond > 0)) {
            throw new IllegalArgumentException("messagesPerSecond must be positive, got " + messagesPerSecond);
        }
        if (burst < 1 || maxAttempts < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("burst, maxAttempts and queueCapacity must be at least 1, got "
                    + burst + ", " + maxAttempts + ", " + queueCapacity);
        }
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(defaultRetryAfter, "defaultRetryAfter");
        requirePositive(outboxCheckInterval, "outboxCheckInterval");
        if (namedErrors < 1) {
            throw new IllegalArgumentException("namedErrors must be at least 1, got " + namedErrors);
        }
        requirePositive(namingWindow, "namingWindow");
    }

    /** Settings with the default naming budget. */
    public DeliverySettings(double messagesPerSecond, int burst, int maxAttempts, Duration initialBackoff,
            Duration maxBackoff, Duration defaultRetryAfter, int queueCapacity, Duration outboxCheckInterval) {
        this(messagesPerSecond, burst, maxAttempts, initialBackoff, maxBackoff, defaultRetryAfter, queueCapacity,
                outboxCheckInterval, DEFAULT_NAMED_ERRORS, DEFAULT_NAMING_WINDOW);
    }

    public static DeliverySettings ofDefaults() {
        return new DeliverySettings(1.0, 3, 4, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(30),
                1_000, Duration.ofSeconds(30));
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, got " + duration);
        }
    }
}
