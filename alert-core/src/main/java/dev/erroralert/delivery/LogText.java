package dev.erroralert.delivery;

import dev.erroralert.notify.HiddenCharacters;
import org.jspecify.annotations.Nullable;

/**
 * Makes text from an exception safe to write into a log line: control characters (line breaks above all, which
 * would let a message forge log entries) and hidden characters (bidirectional overrides and other invisible format
 * characters, {@link HiddenCharacters}) are shown escaped instead of acted upon.
 */
final class LogText {

    private LogText() {
    }

    static String oneLine(@Nullable String text) {
        if (text == null) {
            return "";
        }
        StringBuilder safe = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int codePoint = text.codePointAt(i);
            boolean hidden = HiddenCharacters.isHidden(codePoint);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || hidden) {
                if (safe == null) {
                    safe = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                safe.append(switch (c) {
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> Character.isBmpCodePoint(codePoint) ? String.format("\\u%04x", codePoint)
                            : "\\u{" + Integer.toHexString(codePoint) + "}";
                });
                // A hidden character outside the basic plane (a tag character) is two chars: skip its second.
                i += Character.charCount(codePoint) - 1;
            }
            else if (safe != null) {
                safe.append(c);
            }
        }
        return safe == null ? text : safe.toString();
    }
}
