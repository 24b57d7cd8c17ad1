package dev.erroralert.notify;

import org.jspecify.annotations.Nullable;

/** Builds a text with some of its stretches masked, copying it only when there is something to mask. */
final class Replacements {

    private final String text;

    private @Nullable StringBuilder result;

    private int copied;

    Replacements(String text) {
        this.text = text;
    }

    /** Mask {@code [start, end)}; stretches come in order and do not overlap. */
    void mask(int start, int end) {
        if (end <= start || start < copied) {
            return;
        }
        if (result == null) {
            result = new StringBuilder(text.length() + 16);
        }
        result.append(text, copied, start).append(SecretMasker.MASK);
        copied = end;
    }

    String result() {
        return result == null ? text : result.append(text, copied, text.length()).toString();
    }
}
