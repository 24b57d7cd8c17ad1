package dev.erroralert.notify;

/**
 * Characters that change how text reads without being seen: the bidirectional overrides, embeddings and isolates
 * (U+202A–U+202E, U+2066–U+2069), which can make an alert show its text in another order than it has ("Trojan
 * Source"), and every other invisible format character (zero-width spaces and joiners, the byte order mark, tag
 * characters, U+200E and U+200F marks), with the Hangul fillers that pass for blanks. Destinations show them as
 * their code ({@code U+202E}) rather than let them act.
 */
public final class HiddenCharacters {

    private HiddenCharacters() {
    }

    /** Whether {@code codePoint} is a format character, or a filler that displays as nothing. */
    public static boolean isHidden(int codePoint) {
        return Character.getType(codePoint) == Character.FORMAT || codePoint == 0x115F || codePoint == 0x1160
                || codePoint == 0x3164 || codePoint == 0xFFA0;
    }

    /** {@code codePoint} as its Unicode code, such as {@code U+202E}. */
    public static String code(int codePoint) {
        return String.format("U+%04X", codePoint);
    }
}
