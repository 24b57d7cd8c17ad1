package dev.erroralert.fingerprint;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Replaces the variable parts of an exception message with tokens, so that "order 42 not found" and
 * "order 43 not found" are the same problem. Order matters: the widest shapes (URLs, e-mails) go first so
 * that the numbers inside them are not tokenised piecemeal.
 */
public final class MessageNormalizer {

    /** Only this much of a message is normalised: enough to identify a problem, bounded in cost. */
    public static final int MAX_LENGTH = 1_000;

    private record Rule(Pattern pattern, String token) {
    }

    private static final List<Rule> RULES = List.of(
            rule("[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s'\"<>]+", "<url>"),
            rule("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+", "<email>"),
            rule("'[^'\\n]{0,200}'", "'<str>'"),
            rule("\"[^\"\\n]{0,200}\"", "\"<str>\""),
            rule("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b", "<uuid>"),
            rule("\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?",
                    "<datetime>"),
            rule("\\b\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?\\b", "<time>"),
            rule("\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d{1,5})?\\b", "<ip>"),
            // IPv6: a run of hex groups with either a "::" or all eight groups.
            rule("(?<![\\w:])(?=[0-9a-fA-F:]*::|(?:[0-9a-fA-F]{1,4}:){7})(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{1,4}(?![\\w:])",
                    "<ip>"),
            rule("@[0-9a-fA-F]{1,16}\\b", "@<hash>"),
            rule("\\b0[xX][0-9a-fA-F]+\\b", "<hex>"),
            rule("\\b(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\\b", "<hex>"),
            rule("(?<![\\p{L}_])\\d+(?:[.,]\\d+)*", "<num>"),
            rule("\\s+", " "));

    private MessageNormalizer() {
    }

    private static Rule rule(String regex, String token) {
        return new Rule(Pattern.compile(regex), token);
    }

    /** The message with its variable parts tokenised; empty for {@code null}. */
    public static String normalize(@Nullable String message) {
        if (message == null) {
            return "";
        }
        String text = message.length() > MAX_LENGTH ? message.substring(0, MAX_LENGTH) : message;
        for (Rule rule : RULES) {
            text = rule.pattern().matcher(text).replaceAll(rule.token());
        }
        return text.strip();
    }
}
