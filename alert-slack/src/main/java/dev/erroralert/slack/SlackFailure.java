package dev.erroralert.slack;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What to say about a call to Slack that failed: the I/O error's chain, Slack's answer, its {@code Retry-After}.
 * The texts are one line and bounded; each caller still masks its own secret in them.
 */
final class SlackFailure {

    // Slack answers errors with a short code such as "invalid_payload"; anything longer is not Slack's.
    private static final int MAX_ANSWER_LENGTH = 200;

    // An I/O error rarely says anything useful past its second cause.
    private static final int MAX_CAUSES_DESCRIBED = 3;

    private SlackFailure() {
    }

    /** The failure and its first causes, as {@code type: message; caused by type: message}, on one line. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(128);
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_CAUSES_DESCRIBED; depth++, current = current.getCause()) {
            if (depth > 0) {
                text.append("; caused by ");
            }
            text.append(current.getClass().getName());
            if (current.getMessage() != null) {
                text.append(": ").append(SlackText.oneLine(current.getMessage()));
            }
        }
        return text.toString();
    }

    /** {@code body} on one line and cut to a short length, or empty when there is none. */
    static String answer(@Nullable String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String shown = SlackText.oneLine(body.strip());
        return shown.length() > MAX_ANSWER_LENGTH ? shown.substring(0, MAX_ANSWER_LENGTH) + SlackText.ELLIPSIS : shown;
    }

    /** The wait a {@code Retry-After} header asks for, among {@code headers} (any case); {@code null} if none. */
    static @Nullable Duration retryAfter(@Nullable Map<String, List<String>> headers) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if ("Retry-After".equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                return retryAfter(header.getValue().get(0));
            }
        }
        return null;
    }

    /** The wait a {@code Retry-After} value in seconds asks for; {@code null} if none or not a number. */
    static @Nullable Duration retryAfter(@Nullable String seconds) {
        if (seconds == null) {
            return null;
        }
        try {
            long value = Long.parseLong(seconds.trim());
            return value >= 0 ? Duration.ofSeconds(value) : null;
        }
        catch (NumberFormatException ex) {
            // An HTTP date, which Slack does not send: no advice then.
            return null;
        }
    }
}
