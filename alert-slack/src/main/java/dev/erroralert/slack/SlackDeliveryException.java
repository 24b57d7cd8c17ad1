package dev.erroralert.slack;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.jspecify.annotations.Nullable;

/**
 * Slack did not take an alert: it answered with an error status, or could not be reached in time.
 * The message names the destination by scheme and host only, never by its secret URL, and the exception carries
 * no cause (an I/O error's text may hold the URL): what the cause said is in the message, redacted.
 */
public final class SlackDeliveryException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    private final @Nullable Duration retryAfter;

    SlackDeliveryException(String message, int status, @Nullable Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** What went wrong, naming the destination: never null, as the only constructor takes a message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    /** The HTTP status Slack answered with; empty when no answer came (refused, timed out, broken off). */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** How long Slack asked to wait before the next attempt ({@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
