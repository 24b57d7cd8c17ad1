package dev.erroralert.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A destination did not take a message, and says what to do about it. The message must never hold a secret of the
 * destination (a webhook URL, a token).
 */
public final class DeliveryException extends Exception {

    /** What kind of failure it was, which decides what the lane does next. */
    public enum Kind {
        /** An I/O error, a timeout or a 5xx: try again after a backoff. */
        RETRYABLE,
        /** The destination asked to slow down (HTTP 429): nothing goes there until the given time has passed. */
        RATE_LIMITED,
        /** The destination refused the message for good (a bad URL, a revoked token): park it, do not retry. */
        PERMANENT
    }

    private final Kind kind;
    private final @Nullable Duration retryAfter;

    private DeliveryException(Kind kind, String message, @Nullable Duration retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    /** An I/O error, a timeout or a server error: worth another attempt after a backoff. */
    public static DeliveryException retryable(String message) {
        return new DeliveryException(Kind.RETRYABLE, message, null);
    }

    /** @param retryAfter how long the destination asked to wait, or {@code null} when it did not say */
    public static DeliveryException rateLimited(String message, @Nullable Duration retryAfter) {
        return new DeliveryException(Kind.RATE_LIMITED, message, retryAfter);
    }

    /** Refused for good: park the message, do not retry it. */
    public static DeliveryException permanent(String message) {
        return new DeliveryException(Kind.PERMANENT, message, null);
    }

    /** What went wrong: never null, as every way to make one takes a message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    /** What kind of failure it was. */
    public Kind kind() {
        return kind;
    }

    /** How long the destination asked to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
