package dev.erroralert.redis;

import dev.erroralert.history.ErrorDetails;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@link ErrorDetails} as one hash field value and reads it back: each value as its length, a colon and the
 * value, so no character of a message (it is whatever the thrower wrote) can break the format. A missing message is
 * written as {@code -}. A value that does not read back whole is taken as unknown details, never as a failure.
 */
final class DetailsCodec {

    private DetailsCodec() {
    }

    static String encode(@Nullable ErrorDetails details) {
        if (details == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(256);
        for (String value : values(details)) {
            if (value == null) {
                out.append('-');
            }
            else {
                out.append(value.length()).append(':').append(value);
            }
        }
        return out.toString();
    }

    static @Nullable ErrorDetails decode(@Nullable String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        try {
            String[] values = new String[5];
            int at = 0;
            for (int i = 0; i < values.length; i++) {
                if (encoded.charAt(at) == '-') {
                    at++;
                    continue;
                }
                int colon = encoded.indexOf(':', at);
                int length = Integer.parseInt(encoded.substring(at, colon));
                values[i] = encoded.substring(colon + 1, colon + 1 + length);
                at = colon + 1 + length;
            }
            if (at != encoded.length() || values[0] == null || values[2] == null || values[3] == null
                    || values[4] == null) {
                return null;
            }
            return new ErrorDetails(values[0], values[1], values[2], values[3], values[4]);
        }
        catch (RuntimeException ex) {
            return null;
        }
    }

    private static String[] values(ErrorDetails details) {
        return new String[] { details.exceptionType(), details.sampleMessage(), details.location(),
                details.application(), details.environment() };
    }
}
