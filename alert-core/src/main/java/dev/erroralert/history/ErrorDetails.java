package dev.erroralert.history;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What the history shows of an error besides its counts, bounded so that a row and a store call stay small.
 * The message is masked before it gets here (it comes from an {@link dev.erroralert.notify.ErrorSnapshot}); it is
 * never escaped: whoever shows it escapes it for its medium.
 *
 * @param exceptionType the exception's class name, at most {@link #MAX_TYPE_LENGTH} characters
 * @param sampleMessage a masked message of one occurrence, at most {@link #MAX_MESSAGE_LENGTH} characters, or
 *     {@code null}
 * @param location where it was captured, {@code com.example.OrderService#place}, at most
 *     {@link #MAX_LOCATION_LENGTH} characters
 * @param application the application that counted it, at most {@link #MAX_ORIGIN_LENGTH} characters
 * @param environment its environment, possibly empty, at most {@link #MAX_ORIGIN_LENGTH} characters
 */
public record ErrorDetails(String exceptionType, @Nullable String sampleMessage, String location, String application,
        String environment) {

    public static final int MAX_TYPE_LENGTH = 255;
    public static final int MAX_MESSAGE_LENGTH = 1_000;
    public static final int MAX_LOCATION_LENGTH = 500;
    public static final int MAX_ORIGIN_LENGTH = 100;

    public ErrorDetails {
        exceptionType = cut(Objects.requireNonNull(exceptionType, "exceptionType"), MAX_TYPE_LENGTH);
        sampleMessage = sampleMessage == null ? null : cut(sampleMessage, MAX_MESSAGE_LENGTH);
        location = cut(Objects.requireNonNull(location, "location"), MAX_LOCATION_LENGTH);
        application = cut(Objects.requireNonNull(application, "application"), MAX_ORIGIN_LENGTH);
        environment = cut(Objects.requireNonNull(environment, "environment"), MAX_ORIGIN_LENGTH);
    }

    /** {@code text} cut to at most {@code length} characters, never between the two halves of a surrogate pair. */
    static String cut(String text, int length) {
        if (text.length() <= length) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
        return text.substring(0, end);
    }
}
