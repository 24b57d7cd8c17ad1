package dev.erroralert.fingerprint;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Replaces the variable parts of an exception message with tokens, so that "order 42 not found" and
 * "order 43 not found" are the same problem. Order matters: the widest shapes (URLs, e-mails) go first so
 * that the numbers inside them are not tokenised piecemeal, and IP addresses go before times, whose shape an
 * address with a port contains.
 * <p>
 * Every rule costs time linear in the message's length, whatever it holds: a rule whose pattern could start at any
 * character of a long run (a URL's scheme, an e-mail's local part) starts only where such a run starts and reads
 * a bounded stretch from there; otherwise a run of 1,000 letters would be searched again from each of them.
 */
public final class MessageNormalizer {

    /** Only this much of a message is normalised: enough to identify a problem, bounded in cost. */
    public static final int MAX_LENGTH = 1_000;

    private record Rule(Pattern pattern, String token) {
    }

    private static final List<Rule> RULES = List.of(
            // A scheme is at most 32 characters and starts a run of scheme characters, never inside one.
            rule("(?<![A-Za-z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]{0,31}://[^\\s'\"<>]+", "<url>"),
            // A local part is at most 64 characters (RFC 5321) and starts a run, as above. The possessive "++"
            // repeats the domain's labels in a loop: Java repeats a plain group by recursion, a frame a label.
            rule("(?<![\\w.+-])[\\w.+-]{1,64}@[\\w-]+(?:\\.[\\w-]+)++", "<email>"),
            // Quoted values of any length: the message is already cut to MAX_LENGTH, and a long value left as it
            // is would make every occurrence a new problem.
            rule("'[^'\\n]*'", "'<str>'"),
            rule("\"[^\"\\n]*\"", "\"<str>\""),
            rule("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b", "<uuid>"),
            rule("\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?",
                    "<datetime>"),
            rule("\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d{1,5})?\\b", "<ip>"),
            // IPv6: a run of hex groups with either a "::" or all eight groups.
            rule("(?<![\\w:])(?=[0-9a-fA-F:]*::|(?:[0-9a-fA-F]{1,4}:){7})(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{1,4}(?![\\w:])",
                    "<ip>"),
            rule("\\b\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?\\b", "<time>"),
            rule("@[0-9a-fA-F]{1,16}\\b", "@<hash>"),
            rule("\\b0[xX][0-9a-fA-F]+\\b", "<hex>"),
            rule("\\b(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\\b", "<hex>"),
            // Digits glued to a word belong to it (order42, sha256, http2): only free-standing numbers vary.
            // Possessive for the same reason as the e-mail's labels: "1,2,3,..." must not take a frame a group.
            rule("(?<![\\p{L}\\p{N}_])\\d+(?:[.,]\\d+)*+", "<num>"),
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
        return NORMALIZED.apply(text);
    }

    // In a storm one message comes back thousands of times; the rules cost far more than a lookup.
    private static final Memo NORMALIZED = new Memo(MessageNormalizer::applyRules, 4_096, 256);

    private static String applyRules(String message) {
        String text = message;
        for (Rule rule : RULES) {
            text = rule.pattern().matcher(text).replaceAll(rule.token());
        }
        return text.strip();
    }
}
