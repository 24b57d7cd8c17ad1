package dev.erroralert.slack;

import dev.erroralert.notify.HiddenCharacters;
import org.jspecify.annotations.Nullable;

/**
 * Makes untrusted text (exception messages, class names, context values, application names) safe to put into a
 * Slack message: it can neither ping, nor link, nor break out of a code block, and it stays within a length.
 * <p>
 * Slack treats {@code &}, {@code <} and {@code >} as control characters in every text object, {@code plain_text}
 * included, and decodes exactly these three entities for display; so all text is escaped the same way, headers
 * too. Escaping comes first and truncation second, measured on the escaped text (which is what Slack counts), and
 * truncation never cuts an entity or a surrogate pair in half.
 */
final class SlackText {

    static final String ELLIPSIS = "…";

    private static final String FENCE = "```";

    // Between two backticks, so that no run of three can close the code block it sits in.
    private static final char ZERO_WIDTH_SPACE = '\u200B';

    private static final int LONGEST_ENTITY = "&amp;".length();

    private SlackText() {
    }

    /**
     * {@code text} with {@code &}, {@code <} and {@code >} replaced by their entities, and hidden characters
     * (bidirectional overrides and other invisible format characters) shown as their code ({@code [U+202E]}), so that
     * no text reads in another order than it has; empty for {@code null}.
     */
    static String escape(@Nullable String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int codePoint = text.codePointAt(i);
            String entity = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                default -> HiddenCharacters.isHidden(codePoint) ? "[" + HiddenCharacters.code(codePoint) + "]" : null;
            };
            if (entity != null && escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escaped != null) {
                if (entity != null) {
                    escaped.append(entity);
                    // A hidden character outside the basic plane (a tag character) is two chars: skip its second.
                    i += Character.charCount(codePoint) - 1;
                }
                else {
                    escaped.append(c);
                }
            }
        }
        return escaped == null ? text : escaped.toString();
    }

    /**
     * {@code text} on one line: line breaks and other control characters become spaces, for a header, a
     * notification or a value shown inline, where a line break would let the text pose as more of the message.
     */
    static String oneLine(@Nullable String text) {
        if (text == null) {
            return "";
        }
        StringBuilder line = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            line.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return line.toString();
    }

    /**
     * {@code text} with the characters that format mrkdwn outside a code span ({@code `}, {@code *}, {@code _},
     * {@code ~}) shown as lookalikes, for text set among other formatting on one line (a digest line's excerpt), where
     * a stray backtick would swallow the rest of the line into code and an asterisk would make it bold. The full text
     * stays in the history and the endpoint.
     */
    static String inert(String text) {
        return text.replace('`', '\u02CB').replace('*', '\u2217').replace('_', '\u02CD').replace('~', '\u223C');
    }

    /** {@link #escape Escaped} {@code text}, {@link #truncate truncated} to {@code maxLength}. */
    static String escape(@Nullable String text, int maxLength) {
        return truncate(escape(text), maxLength);
    }

    /**
     * Already escaped {@code text}, cut to at most {@code maxLength} characters with an ellipsis at the end when it
     * is longer. The cut moves back rather than split an entity (it would show as garbage, or as half of a
     * {@code &lt;} that the next character completes) or a surrogate pair (invalid UTF-16, which Slack rejects).
     */
    static String truncate(String escaped, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, got " + maxLength);
        }
        if (escaped.length() <= maxLength) {
            return escaped;
        }
        int end = maxLength - ELLIPSIS.length();
        // In escaped text every '&' starts an entity, so an '&' without its ';' before the cut is cut in half.
        int ampersand = escaped.lastIndexOf('&', end - 1);
        if (ampersand >= 0 && ampersand > end - LONGEST_ENTITY && escaped.indexOf(';', ampersand) >= end) {
            end = ampersand;
        }
        if (end > 0 && Character.isHighSurrogate(escaped.charAt(end - 1))) {
            end--;
        }
        return escaped.substring(0, end) + ELLIPSIS;
    }

    /**
     * {@code text} escaped and set in a code block of at most {@code maxLength} characters, fences included.
     * Runs of backticks inside are broken up so the text cannot close the block and continue as formatted mrkdwn.
     */
    static String codeBlock(@Nullable String text, int maxLength) {
        String escaped = escape(text);
        StringBuilder code = new StringBuilder(escaped.length() + 8);
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            code.append(c);
            if (c == '`' && i + 1 < escaped.length() && escaped.charAt(i + 1) == '`') {
                code.append(ZERO_WIDTH_SPACE);
            }
        }
        // The line breaks keep a backtick at either end of the text from joining a fence.
        String open = FENCE + "\n";
        String close = "\n" + FENCE;
        return open + truncate(code.toString(), maxLength - open.length() - close.length()) + close;
    }
}
