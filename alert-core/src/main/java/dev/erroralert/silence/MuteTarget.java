package dev.erroralert.silence;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.erroralert.fingerprint.Fingerprint;

/**
 * What a mute silences: one fingerprint, or every error of one exception type (the class name of the exception
 * thrown, its causes not considered).
 *
 * @param kind fingerprint or exception type
 * @param value the 32-character fingerprint, or the fully qualified class name
 */
public record MuteTarget(Kind kind, String value) {

    private static final String IDENTIFIER = "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*";

    private static final Pattern CLASS_NAME = Pattern.compile(
            IDENTIFIER + "(\\." + IDENTIFIER + ")*");

    /** Longest accepted class name, so the key fits every store. */
    public static final int MAX_TYPE_LENGTH = 255;

    public MuteTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if (kind == Kind.FINGERPRINT) {
            value = new Fingerprint(value).value();
        }
        else if (value.length() > MAX_TYPE_LENGTH || !CLASS_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("An exception type is a class name such as "
                    + "java.lang.IllegalStateException (at most " + MAX_TYPE_LENGTH + " characters), got '"
                    + abbreviate(value) + "'");
        }
    }

    public static MuteTarget fingerprint(Fingerprint fingerprint) {
        return new MuteTarget(Kind.FINGERPRINT, fingerprint.value());
    }

    public static MuteTarget exceptionType(String className) {
        return new MuteTarget(Kind.EXCEPTION_TYPE, className);
    }

    /**
     * The target written as {@link #key()} writes it: {@code fingerprint:<32 hex>} or {@code type:<class name>}.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code key}
     */
    public static MuteTarget parse(String key) {
        Objects.requireNonNull(key, "key");
        int colon = key.indexOf(':');
        if (colon > 0) {
            String prefix = key.substring(0, colon);
            for (Kind kind : Kind.values()) {
                if (kind.prefix.equals(prefix)) {
                    return new MuteTarget(kind, key.substring(colon + 1));
                }
            }
        }
        throw new IllegalArgumentException("A mute target is fingerprint:<32 hex characters> or type:<class name>, "
                + "got '" + abbreviate(key) + "'");
    }

    /** The target as one string, the key stores keep it under: {@code fingerprint:…} or {@code type:…}. */
    public String key() {
        return kind.prefix + ":" + value;
    }

    @Override
    public String toString() {
        return key();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    /** The two kinds of mute. */
    public enum Kind {

        FINGERPRINT("fingerprint"),

        EXCEPTION_TYPE("type");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** {@code fingerprint} or {@code type}, as written in a target's key. */
        public String prefix() {
            return prefix;
        }

        @Override
        public String toString() {
            return prefix.toLowerCase(Locale.ROOT);
        }
    }
}
