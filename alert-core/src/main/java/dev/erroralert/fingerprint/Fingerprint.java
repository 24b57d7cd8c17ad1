package dev.erroralert.fingerprint;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of one problem: 32 lowercase hex characters (128 bits of a SHA-256 digest).
 * Safe to use in store keys and SQL parameters as it is.
 *
 * @param value the hex digest
 */
public record Fingerprint(String value) {

    private static final Pattern HEX_128 = Pattern.compile("[0-9a-f]{32}");

    public Fingerprint {
        Objects.requireNonNull(value, "value");
        if (!HEX_128.matcher(value).matches()) {
            throw new IllegalArgumentException("A fingerprint is 32 lowercase hex characters, got '" + value + "'");
        }
    }

    /** The first 8 characters, enough to tell alerts apart in a message. */
    public String shortId() {
        return value.substring(0, 8);
    }

    @Override
    public String toString() {
        return value;
    }
}
