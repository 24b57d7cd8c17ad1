package dev.erroralert.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Hides secrets in text taken from an exception before the text leaves the process. Exception messages are
 * written by whoever threw them and often echo a password, a token or a card number; each rule replaces only the
 * secret part and keeps what is around it, so that the alert still says what went wrong
 * ({@code jdbc:postgresql://app:***@db/shop}, {@code password=***}, {@code **** **** **** 1111}).
 * <p>
 * The built-in rules, in the order they run:
 * <ol>
 * <li>private key blocks: the body of {@code -----BEGIN … PRIVATE KEY-----} up to its {@code -----END} line (or
 * to the end of the text, when the message was cut before it);</li>
 * <li>credentials in URLs: {@code scheme://user:password@host} keeps the user, and Oracle's
 * {@code jdbc:oracle:thin:user/password@host};</li>
 * <li>cookies: the whole value of {@code Cookie} and {@code Set-Cookie}, which carries several secrets at once;</li>
 * <li>named values, in {@code key=value}, {@code key: value}, {@code "key":"value"} and {@code 'key': 'value'}
 * forms, the key in any case and in snake, kebab or camel case, possibly with a prefix ({@code DB_PASSWORD},
 * {@code spring.datasource.password}, {@code clientSecret}, {@code X-API-Key}): password, passwd, passphrase,
 * pwd, secret, client secret, secret key, private key, token, access token, refresh token, id token, auth token,
 * api key, apikey, access key, credential(s), session, session id, JSESSIONID, and Authorization and
 * Proxy-Authorization, whose scheme ({@code Bearer}, {@code Basic}, …) is kept;</li>
 * <li>{@code Bearer xyz} anywhere;</li>
 * <li>JSON web tokens ({@code eyJ…} base64url segments);</li>
 * <li>well-known key shapes, keeping the prefix that says what kind of key it was: AWS access key ids
 * ({@code AKIA…}, {@code ASIA…}), GitHub tokens ({@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_},
 * {@code ghr_}, {@code github_pat_}), Slack tokens ({@code xoxa-}, {@code xoxb-}, {@code xoxp-}, {@code xoxr-},
 * {@code xoxs-}, {@code xapp-}) and webhook paths ({@code hooks.slack.com/services/…}), Stripe keys
 * ({@code sk_live_}, {@code rk_live_} and their {@code _test_} forms) and Google API keys ({@code AIza…});</li>
 * <li>card numbers: 13 to 19 digits, alone or in groups separated by single spaces or dashes, masked only when
 * they pass the Luhn check (so that order ids and timestamps stay), keeping the last four digits.</li>
 * </ol>
 * User patterns ({@link #and(List)}) run before them, their whole match becoming {@value #MASK}: they are the
 * application's own knowledge, and a built-in rule must not first change the text they look for.
 * <p>
 * Safe on hostile input: every built-in rule costs time linear in the text's length (bounded or possessive
 * quantifiers, patterns that start only where a word starts), only the first {@value #MAX_LENGTH} characters are
 * masked and the rest is cut, and masking never throws: when it fails, the text is withheld as a whole
 * ({@value #WITHHELD}), never passed on unmasked. Immutable and thread-safe.
 */
public final class SecretMasker {

    /** What a secret is replaced with. */
    public static final String MASK = "***";

    /** How many characters of a text are masked; the rest is cut rather than passed on unmasked. */
    public static final int MAX_LENGTH = 64 * 1024;

    /** What {@link #mask(String)} returns when masking failed. */
    public static final String WITHHELD = "<text withheld: masking failed>";

    /**
     * How many characters a user pattern may read in one text. Patterns we did not write may backtrack
     * catastrophically; this allows any reasonable pattern over {@value #MAX_LENGTH} characters and stops a
     * runaway one within a fraction of a second, the text then being withheld.
     */
    static final long USER_PATTERN_READS = 20_000_000;

    // A key starts a word, or a camel-case hump (the "Password" of "dbPassword"); the case-sensitive lookarounds
    // must stay outside (?i), where [a-z] would also match capitals.
    private static final String KEY_START = "(?:(?<![A-Za-z0-9])|(?<=[a-z])(?=[A-Z]))";

    // The separator, not followed by a second one: "token == null" and "Secret::class" are code, not values.
    private static final String SEPARATOR = "[\"']?[ \\t]{0,5}[:=](?![:=])[ \\t]{0,5}(?<quote>[\"']?)";

    private static final String SECRET_KEYS = "password|passwd|passphrase|pwd"
            + "|secret|client[_-]?secret|secret[_-]?key|private[_-]?key"
            + "|token|access[_-]?token|refresh[_-]?token|id[_-]?token|auth[_-]?token"
            + "|api[_-]?key|access[_-]?key|credentials?|j?session(?:[_-]?id)?"
            + "|(?:proxy-)?authorization";

    // Kept in front of a value, so that the alert still says how the caller authenticated.
    private static final String AUTH_SCHEME = "(?:(?i:bearer|basic|digest|negotiate|ntlm|token)[ \\t]{1,5})?";

    private static final List<Rule> BUILT_IN = List.of(
            new ValueRule(Pattern.compile("-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----"), Extent.PEM_BODY),
            // A scheme starts a run of scheme characters (never inside one) and is at most 32 characters, so no
            // character is read again from each of a long run's letters. The password runs to the last "@" of
            // the authority: passwords hold "@" more often than user names do.
            new SecretRule(Pattern.compile("(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}://"
                    + "[^\\s:/?#@\\[\\]]{0,256}:(?<secret>[^\\s/?#]{1,256})@")),
            new SecretRule(Pattern.compile("(?i)jdbc:oracle:[a-z]{1,10}:[^\\s/@:]{1,128}/(?<secret>[^\\s@]{1,256})@")),
            new ValueRule(Pattern.compile(KEY_START + "(?i:(?:set-)?cookie)" + SEPARATOR), Extent.LINE),
            new ValueRule(Pattern.compile(KEY_START + "(?i:" + SECRET_KEYS + ")" + SEPARATOR + AUTH_SCHEME),
                    Extent.WORD),
            // Not the parameters of a WWW-Authenticate challenge ("Bearer realm=..."), which are no secret.
            new SecretRule(Pattern.compile("(?<![A-Za-z0-9_-])(?i:bearer)[ \\t]{1,5}(?!(?i:realm|scope|error)=)"
                    + "(?<secret>[A-Za-z0-9._~+/-]{1,8192}+=*+)")),
            // Two segments at least: a token cut short by a message limit is still a token.
            new SecretRule(Pattern.compile("(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{1,8192}+"
                    + "\\.[A-Za-z0-9_-]{1,8192}+(?:\\.[A-Za-z0-9_-]{0,8192}+)?)")),
            new SecretRule(Pattern.compile("(?<![A-Za-z0-9])(?:AKIA|ASIA)(?<secret>[A-Z0-9]{16})(?![A-Za-z0-9])")),
            new SecretRule(Pattern.compile("(?<![A-Za-z0-9_])(?:gh[pousr]_|github_pat_)"
                    + "(?<secret>[A-Za-z0-9_]{20,255}+)")),
            new SecretRule(Pattern.compile("(?<![A-Za-z0-9])(?:xox[abprs]|xapp)-(?<secret>[A-Za-z0-9-]{8,255}+)")),
            new SecretRule(Pattern.compile("(?i:hooks\\.slack\\.com)/(?:services|workflows|triggers)/"
                    + "(?<secret>[A-Za-z0-9/_-]{1,255}+)")),
            new SecretRule(Pattern.compile("(?<![A-Za-z0-9_])[sr]k_(?:live|test)_(?<secret>[A-Za-z0-9]{8,255}+)")),
            new SecretRule(Pattern.compile("(?<![A-Za-z0-9_-])AIza(?<secret>[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])")),
            new CardRule());

    private static final SecretMasker DEFAULTS = new SecretMasker(BUILT_IN);

    private static final SecretMasker NONE = new SecretMasker(List.of());

    private final List<Rule> rules;

    private SecretMasker(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** A masker with the built-in rules. */
    public static SecretMasker withDefaults() {
        return DEFAULTS;
    }

    /** A masker that leaves text as it is, for tests and for applications that mask elsewhere. */
    public static SecretMasker none() {
        return NONE;
    }

    /**
     * This masker with {@code userPatterns} added: the whole of each match becomes {@value #MASK}. A pattern that
     * reads more than a bound of characters in one text has the text withheld.
     */
    public SecretMasker and(List<Pattern> userPatterns) {
        List<Rule> combined = new ArrayList<>();
        for (Pattern pattern : userPatterns) {
            combined.add(new UserRule(Objects.requireNonNull(pattern, "userPatterns must not hold null")));
        }
        combined.addAll(rules);
        return new SecretMasker(combined);
    }

    /**
     * The text with its secrets masked, at most {@value #MAX_LENGTH} characters and a closing "…" when it was
     * longer; {@code null} for {@code null}. Never throws: returns {@value #WITHHELD} when masking failed.
     */
    public @Nullable String mask(@Nullable String text) {
        if (text == null || rules.isEmpty()) {
            return text;
        }
        try {
            boolean tooLong = text.length() > MAX_LENGTH;
            String masked = tooLong ? text.substring(0, cutIndex(text)) : text;
            for (Rule rule : rules) {
                masked = rule.apply(masked);
            }
            // A mask can be longer than the secret it hides; cutting text that is already masked is harmless.
            return tooLong || masked.length() > MAX_LENGTH ? masked.substring(0, cutIndex(masked)) + "…" : masked;
        }
        catch (RuntimeException | StackOverflowError ex) {
            return WITHHELD;
        }
    }

    /** Where to cut {@code text} to at most {@link #MAX_LENGTH} characters without splitting a surrogate pair. */
    private static int cutIndex(String text) {
        int end = Math.min(text.length(), MAX_LENGTH);
        return end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
    }

    private sealed interface Rule permits SecretRule, ValueRule, CardRule, UserRule {

        String apply(String text);
    }

    /** Replaces the group named "secret" of each match. */
    private record SecretRule(Pattern pattern) implements Rule {

        @Override
        public String apply(String text) {
            Matcher matcher = pattern.matcher(text);
            Replacements replacements = new Replacements(text);
            while (matcher.find()) {
                replacements.mask(matcher.start("secret"), matcher.end("secret"));
            }
            return replacements.result();
        }
    }

    /** Replaces the whole of each match of a user's pattern. */
    private record UserRule(Pattern pattern) implements Rule {

        @Override
        public String apply(String text) {
            Matcher matcher = pattern.matcher(new ReadLimitedText(text, USER_PATTERN_READS));
            Replacements replacements = new Replacements(text);
            while (matcher.find()) {
                // An empty match hides nothing; masking it would put a mask between every two characters.
                if (matcher.end() > matcher.start()) {
                    replacements.mask(matcher.start(), matcher.end());
                }
            }
            return replacements.result();
        }
    }

    /** How far a value runs after its key. */
    private enum Extent {

        /** To the closing quote, or unquoted to the first space or punctuation that ends a value. */
        WORD,

        /**
         * To the closing quote, or unquoted to the end of the line or of the structure around it: a cookie header
         * holds several secrets, separated by the spaces and semicolons that end a word.
         */
        LINE,

        /** To the "-----END" line of a private key, or to the end of a text cut before it. */
        PEM_BODY
    }

    /**
     * Finds where a value starts with a pattern and where it ends with code: a quoted value ends at its closing
     * quote whatever it holds (escaped quotes included), which a bounded pattern could not promise.
     */
    private record ValueRule(Pattern start, Extent extent) implements Rule {

        @Override
        public String apply(String text) {
            Matcher matcher = start.matcher(text);
            Replacements replacements = new Replacements(text);
            int from = 0;
            while (from < text.length() && matcher.find(from)) {
                int valueStart = matcher.end();
                int valueEnd = extent == Extent.PEM_BODY ? pemEnd(text, valueStart)
                        : valueEnd(text, valueStart, quoteOf(matcher));
                if (!isNotSecret(text.substring(valueStart, valueEnd))) {
                    replacements.mask(valueStart, valueEnd);
                }
                from = Math.max(valueEnd, matcher.end());
            }
            return replacements.result();
        }

        private static char quoteOf(Matcher matcher) {
            String quote = matcher.group("quote");
            return quote == null || quote.isEmpty() ? 0 : quote.charAt(0);
        }

        private static int pemEnd(String text, int from) {
            int end = text.indexOf("-----END", from);
            return end < 0 ? text.length() : end;
        }

        // MySQL says "using password: YES" or "NO": whether a password was sent, which is worth keeping.
        private static boolean isNotSecret(String value) {
            return value.equals("YES") || value.equals("NO");
        }

        private int valueEnd(String text, int from, char quote) {
            int i = from;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r') {
                    break;
                }
                if (quote != 0) {
                    if (c == quote) {
                        break;
                    }
                    // An escaped character never ends the value, unless it is a line break.
                    if (c == '\\' && i + 1 < text.length() && "\n\r".indexOf(text.charAt(i + 1)) < 0) {
                        i++;
                    }
                }
                else if (extent == Extent.WORD ? endsWord(c) : endsLine(c)) {
                    break;
                }
                i++;
            }
            return Math.min(i, text.length());
        }

        // Closing brackets only: "password=[abc]" must not read as an empty value.
        private static boolean endsWord(char c) {
            return Character.isWhitespace(c) || ",;&|\"')]}>".indexOf(c) >= 0;
        }

        private static boolean endsLine(char c) {
            return ",\"'}]>".indexOf(c) >= 0;
        }
    }

    /**
     * Card numbers: runs of digit groups, of which any stretch of whole groups holding 13 to 19 digits that passes
     * the Luhn check is masked. Looking at stretches rather than the whole run finds a card next to other numbers
     * ("4111 1111 1111 1111 12/25"); whole groups only, so that a long id is never read as a card inside it.
     */
    private static final class CardRule implements Rule {

        // Possessive and bounded: at most 19 groups of at most 19 digits each are read from where a run starts.
        private static final Pattern RUN = Pattern.compile("(?<![\\w.])\\d{1,19}+(?:[ -]\\d{1,19}+){0,18}+(?!\\w)");

        @Override
        public String apply(String text) {
            Matcher matcher = RUN.matcher(text);
            StringBuilder result = null;
            while (matcher.find()) {
                List<int[]> groups = groups(text, matcher.start(), matcher.end());
                int i = 0;
                while (i < groups.size()) {
                    int last = longestCardFrom(text, groups, i);
                    if (last < 0) {
                        i++;
                        continue;
                    }
                    if (result == null) {
                        result = new StringBuilder(text);
                    }
                    maskAllButLastFour(result, groups.get(i)[0], groups.get(last)[1]);
                    i = last + 1;
                }
            }
            return result == null ? text : result.toString();
        }

        /** The start and end of each run of digits between {@code start} and {@code end}. */
        private static List<int[]> groups(String text, int start, int end) {
            List<int[]> groups = new ArrayList<>();
            int groupStart = start;
            for (int i = start; i <= end; i++) {
                if (i == end || !isDigit(text.charAt(i))) {
                    groups.add(new int[] { groupStart, i });
                    groupStart = i + 1;
                }
            }
            return groups;
        }

        /** The last group of the longest card starting at group {@code first}, or -1 when none does. */
        private static int longestCardFrom(String text, List<int[]> groups, int first) {
            int digits = 0;
            int last = -1;
            for (int j = first; j < groups.size(); j++) {
                digits += groups.get(j)[1] - groups.get(j)[0];
                if (digits > 19) {
                    break;
                }
                if (digits >= 13 && passesLuhn(text, groups.get(first)[0], groups.get(j)[1])) {
                    last = j;
                }
            }
            return last;
        }

        private static boolean passesLuhn(String text, int start, int end) {
            int sum = 0;
            boolean doubled = false;
            for (int i = end - 1; i >= start; i--) {
                char c = text.charAt(i);
                if (!isDigit(c)) {
                    continue;
                }
                int digit = c - '0';
                if (doubled) {
                    digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
                }
                sum += digit;
                doubled = !doubled;
            }
            return sum % 10 == 0;
        }

        // Separators are kept, so the number keeps the shape it was written in.
        private static void maskAllButLastFour(StringBuilder text, int start, int end) {
            int kept = 0;
            for (int i = end - 1; i >= start; i--) {
                if (isDigit(text.charAt(i)) && kept++ >= 4) {
                    text.setCharAt(i, '*');
                }
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }

    /** Builds a text with some of its stretches masked, copying it only when there is something to mask. */
    private static final class Replacements {

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
            result.append(text, copied, start).append(MASK);
            copied = end;
        }

        String result() {
            return result == null ? text : result.append(text, copied, text.length()).toString();
        }
    }

    /**
     * The text as a user pattern reads it: one read too many throws, which {@link #mask(String)} turns into a
     * withheld text, so that a pattern that backtracks catastrophically costs a bounded time.
     */
    private static final class ReadLimitedText implements CharSequence {

        private final String text;

        private long readsLeft;

        ReadLimitedText(String text, long reads) {
            this.text = text;
            this.readsLeft = reads;
        }

        @Override
        public char charAt(int index) {
            if (--readsLeft < 0) {
                throw new ReadLimitExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final class ReadLimitExceeded extends RuntimeException {

        ReadLimitExceeded() {
            // Thrown as a signal, not for diagnosis: no stack trace to fill.
            super("a user pattern read too much of the text", null, false, false);
        }
    }
}
