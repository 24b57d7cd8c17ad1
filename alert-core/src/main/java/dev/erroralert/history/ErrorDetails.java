package dev.erroralert.history;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What the history shows of an error besides its counts, bounded so that a row and a store call stay small.
 * The message is masked before it gets here (it comes from the snapshot an alert shows); it is
 * never escaped: whoever shows it escapes it for its medium. NUL characters, which PostgreSQL refuses in any string
 * and which a message quoting user input may hold, are replaced by U+FFFD, so no message can fail a write.
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
        exceptionType = storable(Objects.requireNonNull(exceptionType, "exceptionType"), MAX_TYPE_LENGTH);
        sampleMessage = sampleMessage == null ? null : storable(sampleMessage, MAX_MESSAGE_LENGTH);
        location = storable(Objects.requireNonNull(location, "location"), MAX_LOCATION_LENGTH);
        application = storable(Objects.requireNonNull(application, "application"), MAX_ORIGIN_LENGTH);
        environment = storable(Objects.requireNonNull(environment, "environment"), MAX_ORIGIN_LENGTH);
    }

    /**
     * {@code text} without NUL characters, cut to at most {@code length} characters, never between the two halves of
     * a surrogate pair.
     */
    static String storable(String text, int length) {
        String cut = text;
        if (text.length() > length) {
            int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
            cut = text.substring(0, end);
        }
        return cut.indexOf('\u0000') < 0 ? cut : cut.replace('\u0000', '\uFFFD');
    }
}
