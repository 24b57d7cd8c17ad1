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
 * @param queueCapacity how many alerts may wait for one destination; past it they are parked (or logged) at once
 * @param outboxCheckInterval how often a lane looks for parked messages to redeliver
 */
public record DeliverySettings(double messagesPerSecond, int burst, int maxAttempts, Duration initialBackoff,
        Duration maxBackoff, Duration defaultRetryAfter, int queueCapacity, Duration outboxCheckInterval) {

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
