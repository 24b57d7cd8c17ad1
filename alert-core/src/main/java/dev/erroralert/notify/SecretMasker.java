package dev.erroralert.notify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
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
 * <li>private keys: the body of {@code -----BEGIN … PRIVATE KEY-----} up to its {@code -----END} line (or to the
 * end of the text, when the message was cut before it), and the private lines and MAC of a PuTTY key;</li>
 * <li>credentials in URLs: {@code scheme://user:password@host} keeps the user, the password running to the last
 * {@code @} of the URL (so it may hold {@code #}, {@code /}, {@code ?} and {@code @}, and the user may be an e-mail
 * address); a user name alone that looks like a token ({@code https://<key>@o1.ingest.sentry.io/2}); Oracle's
 * {@code jdbc:oracle:thin:user/password@host};</li>
 * <li>what Spring prints of a secret: the {@code rejected value [...]} of a binding or validation error on a field
 * whose name is a secret's, the {@code Value: "..."} of Boot's bind failure report under such a property;</li>
 * <li>XML elements whose name is a secret's: {@code <password>…</password>}, {@code <wsse:Password>…};</li>
 * <li>cookies: the whole value of {@code Cookie} and {@code Set-Cookie}, which carries several secrets at once;</li>
 * <li>named values, the key in any case and in snake, kebab or camel case, possibly with a prefix
 * ({@code DB_PASSWORD}, {@code spring.datasource.password}, {@code clientSecret}, {@code X-API-Key}): password,
 * passwd, pass, passphrase, pwd, PGPASSWORD, secret, client secret, secret key, private key, token (access, refresh,
 * id, auth, private, api), api key, apikey, access key, account key, sig, credential(s), session, session id,
 * JSESSIONID, webhook URL, and Authorization and Proxy-Authorization, whose scheme ({@code Bearer}, {@code Basic},
 * …) is kept. In {@code key=value}, {@code key: value}, JSON ({@code "key":"value"}, also escaped as
 * {@code \"key\":\"value\"}), {@code 'key': 'value'}, Java's {@code Map.toString()} ({@code {key=[value]}}) and
 * URL-encoded ({@code key%3Dvalue}) forms. A value runs to what ends a value in its syntax: its closing quote or
 * bracket; {@code &} in a query string, {@code ;} in a {@code ;}-separated list, {@code ", "} in a map, and otherwise
 * the next space (so {@code ,} {@code ;} {@code &} inside a free-standing value are masked too). A value that is a
 * word of a sentence ({@code password: must not be blank}) or MySQL's {@code YES}/{@code NO} stays;</li>
 * <li>{@code Bearer xyz} and {@code Basic xyz} anywhere, unless what follows is a word ({@code Bearer token is
 * malformed}, {@code Basic authentication});</li>
 * <li>JSON web tokens ({@code eyJ…} base64url segments);</li>
 * <li>well-known key shapes as gitleaks knows them, keeping the prefix that says what kind of key it was (see
 * {@code VENDOR_KEYS}): AWS, GitHub, GitLab, Slack, Stripe, Google, OpenAI, Anthropic, npm, PyPI, SendGrid, Twilio,
 * Hugging Face, Shopify, DigitalOcean, Atlassian, Mailgun, Square, Linear, Postman, Doppler, Databricks, Grafana,
 * New Relic, Vault, Pulumi, Figma, PlanetScale, Supabase, age, Flutterwave, Docker Hub, Facebook, Brevo and Telegram
 * bot tokens; bare AWS secret access keys (40 characters of mixed case, digits, {@code /} and {@code +});</li>
 * <li>chat webhook URLs, whose path is the secret: Slack, Discord, Microsoft Teams and Telegram bots;</li>
 * <li>card numbers: 13 to 19 digits that pass the Luhn check <em>and</em> are either grouped like a card (a group
 * of four, then groups of three to six, separated by spaces or dashes) or have a card word near them
 * ({@code card}, {@code credit}, {@code debit}, {@code visa}, {@code amex}, {@code pan}, {@code cc}, …): the Luhn
 * check alone passes one number in ten, so an order id or a timestamp is never masked for its digits alone. The
 * last four digits are kept.</li>
 * </ol>
 * Personal data is masked only when asked for ({@link #withPersonalData()}): e-mail addresses (the local part),
 * international and Korean phone numbers, IBANs (checked with their mod-97 check digits) and Korean resident
 * registration numbers.
 * <p>
 * User patterns ({@link #and(List)}) run before them, their whole match becoming {@value #MASK}: they are the
 * application's own knowledge, and a built-in rule must not first change the text they look for.
 * <p>
 * Safe on hostile input: every built-in rule costs time linear in the text's length (bounded or possessive
 * quantifiers, patterns that start only where a word starts), only the first {@value #MAX_LENGTH} characters are
 * masked and the rest is cut, and masking never throws: when it fails, the text is withheld as a whole
 * ({@value #WITHHELD}), never passed on unmasked. Cheap on ordinary text: most rules first look for a literal that
 * any match must hold, and run their pattern only when it is there. Immutable and thread-safe.
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

    // The separator, not followed by a second one ("token == null" and "Secret::class" are code, not values), and
    // the value's opening: a quote, an escaped quote (JSON inside a string) or the bracket of Map.toString()'s lists.
    // Never "rejected value [": that is the field rule's, which masks what is inside the brackets.
    private static final String SEPARATOR = "(?:\\\\?[\"'])?[ \\t]{0,5}(?<separator>[:=](?![:=])|%3[Dd])[ \\t]{0,5}"
            + "(?!rejected value )(?<open>\\\\?[\"']|\\[)?";

    private static final String SECRET_KEYS = "password|passwd|pass|passphrase|pwd|pgpassword"
            + "|secret|client[_-]?secret|secret[_-]?key|private[_-]?key"
            + "|token|access[_-]?token|refresh[_-]?token|id[_-]?token|auth[_-]?token"
            + "|api[_-]?key|access[_-]?key|account[_-]?key|sig|credentials?|j?session(?:[_-]?id)?"
            + "|webhook[_-]?url|(?:proxy-)?authorization";

    /** What every one of the secret keys holds, looked for before the pattern that finds them runs. */
    private static final Trigger SECRET_KEY_WORDS = Trigger.ignoringCase("pass", "pwd", "secret", "token", "key",
            "credential", "session", "sig", "authorization", "webhook");

    /** A name (of a field, a property, an element) that ends in a secret's name: its value is a secret. */
    private static final Pattern SECRET_NAME = Pattern.compile(KEY_START + "(?i:" + SECRET_KEYS + ")$");

    // Kept in front of a value, so that the alert still says how the caller authenticated.
    private static final String AUTH_SCHEME = "(?:(?i:bearer|basic|digest|negotiate|ntlm|token)[ \\t]{1,5})?";

    /**
     * Words that follow a secret's name in prose rather than a secret ("password: must not be blank", "Bearer token
     * is malformed"). A one-word password from this list is shown: the price of not masking every sentence.
     */
    private static final Set<String> WORDS = Set.of("must", "should", "is", "are", "was", "were", "may", "can",
            "cannot", "could", "not", "no", "null", "none", "empty", "blank", "required", "missing", "invalid",
            "expired", "incorrect", "wrong", "too", "does", "did", "has", "have", "had", "contains", "the",
            "size", "length", "value", "values", "token", "tokens", "authentication", "auth", "authorization",
            "header", "scheme", "credentials", "malformed", "rejected", "revoked", "unknown", "unsupported", "yes",
            "true", "false", "changed", "reset", "updated", "policy", "for", "of", "and", "or", "in", "on", "with",
            "from", "mismatch", "provided", "given", "set", "found", MASK);

    /**
     * Vendors' key shapes, as gitleaks' default rules know them: the literal every key of the shape holds (looked for
     * first, cheaply), and the pattern whose group "secret" is masked (the prefix that names the vendor is kept).
     */
    private static final List<SecretRule> VENDOR_KEYS = List.of(
            vendor(Trigger.of("AKIA", "ASIA", "ABIA", "ACCA", "A3T"),
                    "(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])(?<secret>[A-Z0-9]{16})(?![A-Za-z0-9])"),
            vendor(Trigger.of("gh", "github_pat_"),
                    "(?<![A-Za-z0-9_])(?:gh[pousr]_|github_pat_)(?<secret>[A-Za-z0-9_]{20,255}+)"),
            vendor(Trigger.of("gl"), "(?<![A-Za-z0-9_-])gl(?:pat|dt|rt|ptt|soat|cbt|ft|imt|agent|oas)-"
                    + "(?<secret>[A-Za-z0-9_-]{20,255}+)"),
            vendor(Trigger.of("gl"), "(?<![A-Za-z0-9_-])gl(?:c|sa)_(?<secret>[A-Za-z0-9_=+/-]{20,255}+)"),
            vendor(Trigger.of("xox"), "(?<![A-Za-z0-9])xox[a-z](?:\\.xox[a-z])?-(?<secret>[A-Za-z0-9-]{8,1024}+)"),
            vendor(Trigger.of("xapp-"), "(?<![A-Za-z0-9])xapp-(?<secret>[A-Za-z0-9-]{8,1024}+)"),
            vendor(Trigger.of("k_live_", "k_test_", "whsec_"),
                    "(?<![A-Za-z0-9_])(?:[sr]k_(?:live|test)_|whsec_)(?<secret>[A-Za-z0-9+/=]{8,255}+)"),
            vendor(Trigger.of("AIza"), "(?<![A-Za-z0-9_-])AIza(?<secret>[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])"),
            vendor(Trigger.of("ya29."), "(?<![A-Za-z0-9_-])ya29\\.(?<secret>[A-Za-z0-9_-]{20,4096}+)"),
            vendor(Trigger.of("GOCSPX-"), "(?<![A-Za-z0-9_-])GOCSPX-(?<secret>[A-Za-z0-9_-]{20,64}+)"),
            vendor(Trigger.of("sk-"),
                    "(?<![A-Za-z0-9_-])sk-(?:ant-(?:api|admin|sid)\\d\\d-|proj-|svcacct-|admin-|None-)?"
                    + "(?<secret>[A-Za-z0-9_-]{20,1024}+)"),
            vendor(Trigger.of("npm_"), "(?<![A-Za-z0-9_])npm_(?<secret>[A-Za-z0-9]{36,255}+)"),
            vendor(Trigger.of("pypi-"), "(?<![A-Za-z0-9_-])pypi-(?<secret>AgEIcHlwaS5vcmc[A-Za-z0-9_-]{20,4096}+)"),
            vendor(Trigger.of("SG."), "(?<![A-Za-z0-9_-])SG\\.(?<secret>[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}+)"),
            vendor(Trigger.of("SK"), "(?<![A-Za-z0-9])SK(?<secret>[0-9a-fA-F]{32})(?![A-Za-z0-9])"),
            vendor(Trigger.of("hf_"), "(?<![A-Za-z0-9_])hf_(?<secret>[A-Za-z0-9]{30,64}+)"),
            vendor(Trigger.of("shp"), "(?<![A-Za-z0-9_])shp(?:at|ca|pa|ss)_(?<secret>[a-fA-F0-9]{32})"),
            vendor(Trigger.of("_v1_"), "(?<![A-Za-z0-9_])do[opr]_v1_(?<secret>[a-f0-9]{64})"),
            vendor(Trigger.of("TT3"), "(?<![A-Za-z0-9_-])AT[AC]TT3(?<secret>[A-Za-z0-9_=-]{20,1024}+)"),
            vendor(Trigger.of("key-"), "(?<![A-Za-z0-9_-])key-(?<secret>[0-9a-f]{32})(?![A-Za-z0-9])"),
            vendor(Trigger.of("sq0"), "(?<![A-Za-z0-9_-])sq0(?:atp|csp)-(?<secret>[A-Za-z0-9_-]{20,255}+)"),
            vendor(Trigger.of("lin_api_"), "(?<![A-Za-z0-9_])lin_api_(?<secret>[A-Za-z0-9]{32,255}+)"),
            vendor(Trigger.of("PMAK-"), "(?<![A-Za-z0-9_-])PMAK-(?<secret>[A-Za-z0-9-]{40,255}+)"),
            vendor(Trigger.of("dp."),
                    "(?<![A-Za-z0-9_.-])dp\\.(?:pt|st|ct|sa|scim|audit)\\.(?<secret>[A-Za-z0-9]{32,255}+)"),
            vendor(Trigger.of("dapi"), "(?<![A-Za-z0-9_-])dapi(?<secret>[a-h0-9]{32})(?![A-Za-z0-9])"),
            vendor(Trigger.of("NR"), "(?<![A-Za-z0-9_-])NR(?:AK|JS|II)-(?<secret>[A-Z0-9]{20,64}+)"),
            vendor(Trigger.of("hv"), "(?<![A-Za-z0-9_.-])hv[sb]\\.(?<secret>[A-Za-z0-9_-]{24,1024}+)"),
            vendor(Trigger.of("pul-"), "(?<![A-Za-z0-9_-])pul-(?<secret>[a-f0-9]{40})"),
            vendor(Trigger.of("figd_"), "(?<![A-Za-z0-9_])figd_(?<secret>[A-Za-z0-9_-]{30,255}+)"),
            vendor(Trigger.of("pscale_"),
                    "(?<![A-Za-z0-9_])pscale_(?:tkn|pw|oauth)_(?<secret>[A-Za-z0-9_.=-]{32,255}+)"),
            vendor(Trigger.of("sbp_"), "(?<![A-Za-z0-9_])sbp_(?<secret>[a-f0-9]{40})"),
            vendor(Trigger.of("AGE-SECRET-KEY-1"), "AGE-SECRET-KEY-1(?<secret>[A-Z0-9]{58})"),
            vendor(Trigger.of("FLWSECK"), "(?<![A-Za-z0-9_-])FLWSECK(?:_TEST)?-(?<secret>[A-Za-z0-9]{12,255}+)"),
            vendor(Trigger.of("dckr_pat_"), "(?<![A-Za-z0-9_])dckr_pat_(?<secret>[A-Za-z0-9_-]{27,255}+)"),
            vendor(Trigger.of("EAA"), "(?<![A-Za-z0-9])EAA(?<secret>[A-Za-z0-9]{40,1024}+)"),
            vendor(Trigger.of("xkeysib-"), "(?<![A-Za-z0-9_-])xkeysib-(?<secret>[a-f0-9]{64}-[A-Za-z0-9]{16})"),
            // A Telegram bot token, also outside its URL.
            vendor(Trigger.of(":A"), "(?<![0-9])[0-9]{5,16}:(?<secret>A[A-Za-z0-9_-]{34})(?![A-Za-z0-9_-])"));

    /** Chat webhook URLs: whoever has one can post to the channel. */
    private static final List<SecretRule> WEBHOOKS = List.of(
            vendor(Trigger.ignoringCase("hooks.slack.com"), "(?i:hooks\\.slack\\.com)/(?:services|workflows|triggers)/"
                    + "(?<secret>[A-Za-z0-9/_-]{1,255}+)"),
            vendor(Trigger.ignoringCase("/api/webhooks/"), "(?i:discord(?:app)?\\.com)/api/webhooks/"
                    + "(?<secret>[0-9]{5,30}/[A-Za-z0-9_-]{1,255}+)"),
            vendor(Trigger.ignoringCase("webhook.office.com"), "(?i:webhook\\.office\\.com)/"
                    + "(?<secret>webhook(?:b2)?/[A-Za-z0-9@/_.-]{1,512}+)"),
            vendor(Trigger.ignoringCase("api.telegram.org"), "(?i:api\\.telegram\\.org)/(?:file/)?bot"
                    + "(?<secret>[0-9]{1,16}:[A-Za-z0-9_-]{1,255}+)"));

    private static final List<MaskingRule> BUILT_IN = builtIn();

    private static final List<MaskingRule> PERSONAL_DATA = List.of(
            // The local part, which names the person; the domain says which system.
            new SecretRule(Pattern.compile("(?<![A-Za-z0-9._%+-])(?<secret>[A-Za-z0-9._%+-]{1,64}+)@(?=[A-Za-z0-9-]"
                    + "{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}(?![A-Za-z0-9-]))"), Trigger.of("@"), null),
            // International numbers with their "+", Korean mobile and area numbers, North American numbers.
            new SecretRule(Pattern.compile("(?<![A-Za-z0-9+])(?<secret>\\+[1-9][0-9]{0,2}(?:[ .-]?\\(?[0-9]{1,4}\\)?)"
                    + "{2,5}+)(?![A-Za-z0-9])"), Trigger.of("+"), SecretMasker::hasPhoneDigits),
            new SecretRule(Pattern.compile("(?<![0-9-])(?<secret>0(?:1[016789]|[2-6][0-9]?)[ -][0-9]{3,4}[ -][0-9]{4})"
                    + "(?![0-9-])"), Trigger.of("0"), null),
            new SecretRule(Pattern.compile("(?<![0-9-])(?<secret>\\(?[2-9][0-9]{2}\\)?[ .-][0-9]{3}[ .-][0-9]{4})"
                    + "(?![0-9-])"), Trigger.ALWAYS, null),
            new SecretRule(Pattern.compile("(?<![A-Za-z0-9])(?<secret>[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}+"
                    + "(?: ?[A-Z0-9]{1,3})?)(?![A-Za-z0-9])"), Trigger.ALWAYS, SecretMasker::passesIbanCheck),
            new SecretRule(Pattern.compile("(?<![0-9-])(?<secret>[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])-"
                    + "[1-8][0-9]{6})(?![0-9-])"), Trigger.of("-"), null));

    private static final SecretMasker DEFAULTS = new SecretMasker(BUILT_IN);

    private static final SecretMasker NONE = new SecretMasker(List.of());

    private final List<MaskingRule> rules;

    private SecretMasker(List<MaskingRule> rules) {
        this.rules = List.copyOf(rules);
    }

    private static List<MaskingRule> builtIn() {
        List<MaskingRule> rules = new ArrayList<>();
        rules.add(new DelimitedValueRule(Pattern.compile("-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----"),
                Trigger.of("-----BEGIN"), Extent.PEM_BODY));
        rules.add(new DelimitedValueRule(Pattern.compile("Private-Lines:[ \t]{0,5}[0-9]{1,5}\r?\n"), 
                Trigger.of("Private-Lines:"), Extent.PUTTY_BODY));
        rules.add(new SecretRule(Pattern.compile("Private-MAC:[ \t]{0,5}(?<secret>[0-9a-fA-F]{1,128}+)"),
                Trigger.of("Private-MAC:"), null));
        rules.add(new UrlCredentialsRule());
        rules.add(new SecretRule(Pattern.compile("(?i)jdbc:oracle:[a-z]{1,10}:[^\\s/@:]{1,128}/"
                + "(?<secret>[^\\s@]{1,256})@"), Trigger.ignoringCase("jdbc:oracle:"), null));
        // "Field error in object 'form' on field 'password': rejected value [s3cr3t]; codes [...]"
        rules.add(new DelimitedValueRule(Pattern.compile("on field '(?<name>[^'\r\n]{1,200})': rejected value \\["),
                Trigger.of("rejected value ["), Extent.REJECTED_VALUE));
        // Boot's bind failure report: "Property: spring.datasource.password\n    Value: \"s3cr3t\""
        rules.add(new DelimitedValueRule(Pattern.compile("Property:[ \t]{0,5}(?<name>[^\\s]{1,256})\r?\n"
                + "[ \t]{0,40}Value:[ \t]{0,5}\"?"), Trigger.of("Value:"), Extent.BOUND_VALUE));
        rules.add(new DelimitedValueRule(Pattern.compile("<(?:[A-Za-z_][\\w.-]{0,63}:)?(?<name>[A-Za-z_][\\w.-]{0,99})"
                + "(?:[ \t][^<>\r\n]{0,200})?>"), Trigger.of("<"), Extent.ELEMENT));
        rules.add(new DelimitedValueRule(Pattern.compile("(?=[sScC])" + KEY_START + "(?i:(?:set-)?cookie)" + SEPARATOR),
                Trigger.ignoringCase("cookie"), Extent.LINE));
        // The lookahead for a key's first letter fails fast where no key starts, before the costlier lookbehinds:
        // it halves the cost of this rule, the costliest.
        rules.add(new DelimitedValueRule(Pattern.compile("(?=[pstcarijwPSTCARIJW])" + KEY_START + "(?i:" + SECRET_KEYS
                + ")" + SEPARATOR
                + AUTH_SCHEME), SECRET_KEY_WORDS, Extent.VALUE));
        // Not the parameters of a WWW-Authenticate challenge ("Bearer realm=..."), which are no secret.
        rules.add(new SecretRule(Pattern.compile("(?<![A-Za-z0-9_-])(?i:bearer)[ \t]{1,5}(?!(?i:realm|scope|error)=)"
                + "(?<secret>[A-Za-z0-9._~+/-]{1,8192}+=*+)"), Trigger.ignoringCase("bearer"),
                SecretMasker::isNotAWord));
        rules.add(new SecretRule(Pattern.compile("(?<![A-Za-z0-9_-])(?i:basic)[ \t]{1,5}"
                + "(?<secret>[A-Za-z0-9+/]{6,8192}+=*+)(?![A-Za-z0-9+/=])"), Trigger.ignoringCase("basic"),
                SecretMasker::looksEncoded));
        // Two segments at least: a token cut short by a message limit is still a token.
        rules.add(new SecretRule(Pattern.compile("(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{1,8192}+"
                + "\\.[A-Za-z0-9_-]{1,8192}+(?:\\.[A-Za-z0-9_-]{0,8192}+)?)"), Trigger.of("eyJ"), null));
        rules.addAll(VENDOR_KEYS);
        rules.addAll(WEBHOOKS);
        rules.add(new SecretRule(Pattern.compile("(?<![A-Za-z0-9/+=_-])(?<secret>[A-Za-z0-9/+]{40})"
                + "(?![A-Za-z0-9/+=_-])"), SecretMasker::hasARunOfForty, SecretMasker::looksLikeAwsSecretKey));
        rules.add(new CardNumberRule());
        return List.copyOf(rules);
    }

    private static SecretRule vendor(Trigger trigger, String pattern) {
        return new SecretRule(Pattern.compile(pattern), trigger, null);
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
     * This masker with personal data masked too: e-mail addresses (their local part: {@code ***@example.com}),
     * phone numbers (with a {@code +} country code, Korean mobile and area numbers written with separators, North
     * American numbers written with separators), IBANs that pass their check digits, and Korean resident registration
     * numbers ({@code YYMMDD-NNNNNNN} with a valid date). Numbers of another kind written in one of these shapes are
     * masked too.
     */
    public SecretMasker withPersonalData() {
        List<MaskingRule> combined = new ArrayList<>(rules);
        // Before the card rule, which would otherwise read an IBAN's digits as a card.
        int card = combined.size() - 1;
        while (card >= 0 && !(combined.get(card) instanceof CardNumberRule)) {
            card--;
        }
        combined.addAll(card < 0 ? combined.size() : card, PERSONAL_DATA);
        return new SecretMasker(combined);
    }

    /**
     * This masker with {@code userPatterns} added: the whole of each match becomes {@value #MASK}. A pattern that
     * reads more than a bound of characters in one text has the text withheld.
     */
    public SecretMasker and(List<Pattern> userPatterns) {
        List<MaskingRule> combined = new ArrayList<>();
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
            for (MaskingRule rule : rules) {
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

    private static boolean isNotAWord(String value) {
        return !WORDS.contains(value.toLowerCase(Locale.ROOT));
    }

    // "Basic dXNlcjpwYXNz" is base64; "Basic authentication" and "Basic Auth" are words.
    private static boolean looksEncoded(String value) {
        boolean upperAfterFirst = false;
        boolean lower = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=') {
                return true;
            }
            upperAfterFirst |= i > 0 && Character.isUpperCase(c);
            lower |= Character.isLowerCase(c);
        }
        return upperAfterFirst && lower;
    }

    // A git commit id or a hex digest is 40 characters too, but never of mixed case; a path starts with "/".
    private static boolean looksLikeAwsSecretKey(String value) {
        if (value.charAt(0) == '/' || value.charAt(value.length() - 1) == '/' || value.contains("//")) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return upper && lower && digit;
    }

    private static boolean hasPhoneDigits(String value) {
        long digits = value.chars().filter(c -> c >= '0' && c <= '9').count();
        return digits >= 8 && digits <= 15;
    }

    /** The mod-97 check of ISO 13616 over an IBAN written with or without spaces. */
    private static boolean passesIbanCheck(String value) {
        String iban = value.replace(" ", "");
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            int digit = Character.digit(rearranged.charAt(i), 36);
            remainder = digit < 10 ? (remainder * 10 + digit) % 97 : (remainder * 100 + digit) % 97;
        }
        return remainder == 1;
    }

    // The bare AWS key rule's pattern would be tried at every position; a scan for its run is far cheaper.
    private static boolean hasARunOfForty(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean keyChar = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/'
                    || c == '+';
            run = keyChar ? run + 1 : 0;
            if (run >= 40) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a text must hold for a rule to find anything in it, checked before the rule's pattern runs: most texts
     * hold none of a rule's literals, and looking for a literal costs a fraction of trying a pattern at every
     * position.
     */
    @FunctionalInterface
    private interface Trigger {

        /** For rules that look at every text. */
        Trigger ALWAYS = text -> true;

        boolean isIn(String text);

        /** Any of {@code literals}, as written. */
        static Trigger of(String... literals) {
            return text -> {
                for (String literal : literals) {
                    if (text.contains(literal)) {
                        return true;
                    }
                }
                return false;
            };
        }

        /** Any of {@code literals}, in any case. */
        static Trigger ignoringCase(String... literals) {
            String[] lower = Arrays.stream(literals).map(l -> l.toLowerCase(Locale.ROOT)).toArray(String[]::new);
            return text -> {
                for (String literal : lower) {
                    if (containsIgnoringCase(text, literal)) {
                        return true;
                    }
                }
                return false;
            };
        }

        private static boolean containsIgnoringCase(String text, String lowerLiteral) {
            char first = lowerLiteral.charAt(0);
            for (int i = 0, last = text.length() - lowerLiteral.length(); i <= last; i++) {
                if (Character.toLowerCase(text.charAt(i)) == first
                        && text.regionMatches(true, i, lowerLiteral, 0, lowerLiteral.length())) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Replaces the group named "secret" of each match that {@code accepts} (all when {@code null}); runs only on a
     * text its {@code trigger} is in.
     */
    private record SecretRule(Pattern pattern, Trigger trigger, @Nullable Predicate<String> accepts)
            implements MaskingRule {

        @Override
        public String apply(String text) {
            if (!trigger.isIn(text)) {
                return text;
            }
            Matcher matcher = pattern.matcher(text);
            Replacements replacements = new Replacements(text);
            while (matcher.find()) {
                int start = matcher.start("secret");
                int end = matcher.end("secret");
                if (accepts == null || accepts.test(text.substring(start, end))) {
                    replacements.mask(start, end);
                }
            }
            return replacements.result();
        }
    }

    /** Replaces the whole of each match of a user's pattern. */
    private record UserRule(Pattern pattern) implements MaskingRule {

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

    /** How far a value runs after what introduces it. */
    private enum Extent {

        /**
         * To the closing quote or bracket, or unquoted to what ends a value where its key stands: {@code &} in a
         * query string, {@code ;} in a {@code ;}-separated list, {@code ", "} or the closing bracket in a map, and
         * otherwise the next space (punctuation that ends a sentence left out).
         */
        VALUE,

        /**
         * To the closing quote, or unquoted to the end of the line or of the structure around it: a cookie header
         * holds several secrets, separated by the spaces and semicolons that end a word.
         */
        LINE,

        /** To the "-----END" line of a private key, or to the end of a text cut before it. */
        PEM_BODY,

        /** To the "Private-MAC" line of a PuTTY key, or to the end of a text cut before it. */
        PUTTY_BODY,

        /** To the "]; codes [" that follows a rejected value, or the last "]" of its line. */
        REJECTED_VALUE,

        /** To the closing quote on the line, or to the end of the line. */
        BOUND_VALUE,

        /** To the next element's "<". */
        ELEMENT
    }

    /**
     * Finds where a value starts with a pattern and where it ends with code: a quoted value ends at its closing
     * quote whatever it holds (escaped quotes included), which a bounded pattern could not promise. When the pattern
     * has a group "name" (of a field, a property, an element), only values under a secret's name are masked.
     */
    private record DelimitedValueRule(Pattern start, Trigger trigger, Extent extent) implements MaskingRule {

        private static final Set<Extent> NAMED = Set.of(Extent.REJECTED_VALUE, Extent.BOUND_VALUE, Extent.ELEMENT);

        @Override
        public String apply(String text) {
            if (!trigger.isIn(text)) {
                return text;
            }
            Matcher matcher = start.matcher(text);
            Replacements replacements = new Replacements(text);
            ValueEnds ends = new ValueEnds(text);
            int from = 0;
            while (from < text.length() && matcher.find(from)) {
                int valueStart = matcher.end();
                if (NAMED.contains(extent) && !SECRET_NAME.matcher(matcher.group("name")).find()) {
                    from = valueStart;
                    continue;
                }
                int valueEnd = switch (extent) {
                    case PEM_BODY -> endAt(text, valueStart, "-----END");
                    case PUTTY_BODY -> endAt(text, valueStart, "\nPrivate-MAC");
                    default -> ends.valueEnd(matcher, extent);
                };
                if (isSecretValue(text, valueStart, valueEnd)) {
                    replacements.mask(valueStart, valueEnd);
                }
                from = Math.max(valueEnd, matcher.end());
            }
            return replacements.result();
        }

        private boolean isSecretValue(String text, int start, int end) {
            if (extent == Extent.REJECTED_VALUE && text.startsWith("null]", start)) {
                return false;
            }
            if (extent != Extent.VALUE || end <= start) {
                return end > start;
            }
            String value = text.substring(start, end);
            // MySQL says "using password: YES" or "NO": whether a password was sent, which is worth keeping.
            return !value.equals("YES") && !value.equals("NO") && (quoted(text, start) || isNotAWord(value));
        }

        private static boolean quoted(String text, int start) {
            return start > 0 && "\"'".indexOf(text.charAt(start - 1)) >= 0;
        }

        private static int endAt(String text, int from, String end) {
            int at = text.indexOf(end, from);
            return at < 0 ? text.length() : at;
        }
    }

    /**
     * Where values end, by the syntax they are written in, in one text. Matches come left to right, so the end of
     * the line is looked for once per line, not once per match: linear time on a long line of many keys.
     */
    private static final class ValueEnds {

        // How far back a map's opening bracket is looked for: a key further into a map is read as free text.
        private static final int MAX_MAP_LOOKBACK = 1024;

        private final String text;

        private int lineEnd = -1;

        ValueEnds(String text) {
            this.text = text;
        }

        int valueEnd(Matcher matcher, Extent extent) {
            int from = matcher.end();
            int lineEnd = lineEnd(from);
            return switch (extent) {
                case REJECTED_VALUE -> {
                    int codes = text.indexOf("]; codes [", from);
                    int lastBracket = lastIndexOf(']', from, lineEnd);
                    yield codes >= 0 && codes < lineEnd ? codes : lastBracket >= 0 ? lastBracket : lineEnd;
                }
                case BOUND_VALUE -> {
                    if (from > 0 && text.charAt(from - 1) == '"') {
                        int close = lastIndexOf('"', from, lineEnd);
                        yield close >= 0 ? close : lineEnd;
                    }
                    yield lineEnd;
                }
                case ELEMENT -> {
                    int next = text.indexOf('<', from);
                    yield next < 0 || next > lineEnd ? lineEnd : next;
                }
                case LINE -> lineOrStructureEnd(text, from, lineEnd, opening(matcher));
                default -> openedValueEnd(text, matcher, from, lineEnd);
            };
        }

        private int lineEnd(int from) {
            if (lineEnd < from) {
                lineEnd = text.length();
                for (int i = from; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c == '\n' || c == '\r') {
                        lineEnd = i;
                        break;
                    }
                }
            }
            return lineEnd;
        }

        private int lastIndexOf(char c, int from, int end) {
            for (int i = end - 1; i >= from; i--) {
                if (text.charAt(i) == c) {
                    return i;
                }
            }
            return -1;
        }

        private static String opening(Matcher matcher) {
            String open = matcher.group("open");
            return open == null ? "" : open;
        }

        private static int lineOrStructureEnd(String text, int from, int lineEnd, String open) {
            if (!open.isEmpty()) {
                return quotedEnd(text, from, lineEnd, open);
            }
            for (int i = from; i < lineEnd; i++) {
                if (",\"'}]>".indexOf(text.charAt(i)) >= 0) {
                    return i;
                }
            }
            return lineEnd;
        }

        private static int openedValueEnd(String text, Matcher matcher, int from, int lineEnd) {
            String open = opening(matcher);
            if (!open.isEmpty()) {
                return quotedEnd(text, from, lineEnd, open);
            }
            if (matcher.group("separator").startsWith("%")) {
                // URL-encoded: the value ends where the next encoded "&" or a real one starts.
                int end = firstOf(text, from, lineEnd, "& \t\"'<>");
                int encoded = text.indexOf("%26", from);
                return encoded >= 0 && encoded < end ? encoded : end;
            }
            char before = charBeforeKey(text, matcher.start());
            if (before == '?' || before == '&') {
                return firstOf(text, from, lineEnd, "&# \t\"'<>");
            }
            if (before == ';') {
                if (from < lineEnd && text.charAt(from) == '{') {
                    // SQL Server quotes a value holding ';' in braces.
                    int close = text.indexOf('}', from);
                    return close < 0 || close > lineEnd ? lineEnd : close + 1;
                }
                return firstOf(text, from, lineEnd, "; \t\"'");
            }
            char close = mapClose(text, matcher.start(), before);
            if (close != 0) {
                return mapValueEnd(text, from, lineEnd, close);
            }
            int end = firstOf(text, from, lineEnd, " \t\"'<>`");
            // Punctuation that ends the sentence, not the value: "password=hunter2, retrying".
            while (end > from && ".,;:)]}".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            return end;
        }

        private static int quotedEnd(String text, int from, int lineEnd, String open) {
            if (open.equals("[")) {
                int close = text.indexOf(']', from);
                return close < 0 || close > lineEnd ? lineEnd : close;
            }
            char quote = open.charAt(open.length() - 1);
            boolean escaped = open.length() == 2;
            for (int i = from; i < lineEnd; i++) {
                char c = text.charAt(i);
                if (escaped) {
                    // Inside an escaped string, the value ends at the escaped quote that closes it.
                    if (c == '\\' && i + 1 < lineEnd && text.charAt(i + 1) == quote) {
                        return i;
                    }
                }
                else if (c == quote) {
                    return i;
                }
                else if (c == '\\') {
                    i++;
                }
            }
            return lineEnd;
        }

        /** The character before the key that starts at {@code keyStart}, prefixes ("spring.datasource.") included. */
        private static char charBeforeKey(String text, int keyStart) {
            int i = keyStart;
            while (i > 0 && isKeyChar(text.charAt(i - 1))) {
                i--;
            }
            while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '"' || text.charAt(i - 1) == '\'')) {
                i--;
            }
            return i > 0 ? text.charAt(i - 1) : 0;
        }

        private static boolean isKeyChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
        }

        /**
         * The bracket that closes the map or list the key stands in ("{a=1, password=x, b=2}"), or 0 when the key
         * does not stand in one: after "{" or "[", or after "," with an unclosed "{" or "[" before it on the line.
         */
        private static char mapClose(String text, int keyStart, char before) {
            if (before == '{') {
                return '}';
            }
            if (before == '[') {
                return ']';
            }
            if (before != ',') {
                return 0;
            }
            int stop = Math.max(0, keyStart - MAX_MAP_LOOKBACK);
            for (int i = keyStart - 1, depth = 0; i >= stop && text.charAt(i) != '\n'; i--) {
                char c = text.charAt(i);
                if (c == '}' || c == ']') {
                    depth++;
                }
                else if (c == '{' || c == '[') {
                    if (depth == 0) {
                        return c == '{' ? '}' : ']';
                    }
                    depth--;
                }
            }
            return 0;
        }

        private static int mapValueEnd(String text, int from, int lineEnd, char close) {
            for (int i = from; i < lineEnd; i++) {
                char c = text.charAt(i);
                if (c == close || (c == ',' && i + 1 < lineEnd && text.charAt(i + 1) == ' ')) {
                    return i;
                }
            }
            return lineEnd;
        }

        private static int firstOf(String text, int from, int lineEnd, String stops) {
            for (int i = from; i < lineEnd; i++) {
                if (stops.indexOf(text.charAt(i)) >= 0) {
                    return i;
                }
            }
            return lineEnd;
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
