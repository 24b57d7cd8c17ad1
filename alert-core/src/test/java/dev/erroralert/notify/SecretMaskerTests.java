package dev.erroralert.notify;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SecretMaskerTests {

    private static final SecretMasker masker = SecretMasker.withDefaults();

    // Never a tight timing assertion: only "it finishes", with room for a slow, busy build machine.
    private static final Duration GENEROUS = Duration.ofSeconds(5);

    /** Realistic messages: the secret, and the message as it should read once masked. */
    static Stream<Arguments> corpus() {
        return Stream.of(
                // Credentials in URLs.
                arguments("S3cr3t!",
                        "org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"app\" "
                                + "(jdbc:postgresql://app:S3cr3t!@db:5432/shop)",
                        "org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"app\" "
                                + "(jdbc:postgresql://app:***@db:5432/shop)"),
                arguments("p@ss",
                        "Cannot connect to mongodb+srv://reader:p@ss@cluster0.example.net/orders?retryWrites=true",
                        "Cannot connect to mongodb+srv://reader:***@cluster0.example.net/orders?retryWrites=true"),
                arguments("hunter2", "Unable to connect to redis://:hunter2@cache:6379",
                        "Unable to connect to redis://:***@cache:6379"),
                arguments("tiger", "IO Error: jdbc:oracle:thin:scott/tiger@db:1521/ORCL refused",
                        "IO Error: jdbc:oracle:thin:scott/***@db:1521/ORCL refused"),
                // Named values: key=value, key: value, JSON, single quotes, prefixes and camel case.
                arguments("S3cr3t",
                        "Access denied for user 'app'@'10.0.0.7' (using password: YES), "
                                + "url=jdbc:mysql://db:3306/shop?user=app&password=S3cr3t&useSSL=true",
                        "Access denied for user 'app'@'10.0.0.7' (using password: YES), "
                                + "url=jdbc:mysql://db:3306/shop?user=app&password=***&useSSL=true"),
                arguments("S3cr3t", "Login failed: jdbc:sqlserver://db:1433;user=app;password=S3cr3t;encrypt=true",
                        "Login failed: jdbc:sqlserver://db:1433;user=app;password=***;encrypt=true"),
                arguments("abc.def",
                        "HTTP 401 from https://api.example.com: {\"error\":\"bad token\",\"access_token\":\"abc.def\"}",
                        "HTTP 401 from https://api.example.com: {\"error\":\"bad token\",\"access_token\":\"***\"}"),
                arguments("k-1\\'23", "Rejected {'api_key': 'k-1\\'23', 'region': 'eu'}",
                        "Rejected {'api_key': '***', 'region': 'eu'}"),
                arguments("hunter2", "Binding failed: spring.datasource.password=hunter2 is too short",
                        "Binding failed: spring.datasource.password=*** is too short"),
                arguments("p@ss word", "env DB_PASSWORD=\"p@ss word\" not accepted",
                        "env DB_PASSWORD=\"***\" not accepted"),
                arguments("c-9f8e7d", "OAuth client rejected: clientSecret: c-9f8e7d (invalid_client)",
                        "OAuth client rejected: clientSecret: *** (invalid_client)"),
                arguments("12345abc", "403 Forbidden: X-API-Key: 12345abc is not allowed",
                        "403 Forbidden: X-API-Key: *** is not allowed"),
                arguments("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                        "{aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, region=eu-west-1}",
                        "{aws_secret_access_key=***, region=eu-west-1}"),
                arguments("0A1B2C3D", "session expired: JSESSIONID=0A1B2C3D", "session expired: JSESSIONID=***"),
                // Authorization headers, and Bearer anywhere.
                arguments("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl",
                        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl",
                        "Authorization: Bearer ***"),
                arguments("dXNlcjpwYXNz",
                        "401 Unauthorized: [Authorization:\"Basic dXNlcjpwYXNz\", Accept:\"application/json\"]",
                        "401 Unauthorized: [Authorization:\"Basic ***\", Accept:\"application/json\"]"),
                arguments("dXNlcjpwYXNz", "Proxy-Authorization: Basic dXNlcjpwYXNz rejected by proxy",
                        "Proxy-Authorization: Basic *** rejected by proxy"),
                arguments("abc123XYZ", "upstream said: invalid Bearer abc123XYZ for /orders",
                        "upstream said: invalid Bearer *** for /orders"),
                // Cookies.
                arguments("abc123", "Set-Cookie: SESSION=abc123; Path=/; HttpOnly", "Set-Cookie: ***"),
                arguments("abc123", "{Cookie=SESSION=abc123; theme=dark, Accept=text/html}", "{Cookie=***, Accept=text/html}"),
                // JSON web tokens anywhere, also cut short.
                arguments("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl",
                        "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl expired at 12:00",
                        "jwt *** expired at 12:00"),
                arguments("eyJzdWIiOiIxMjM0In0", "could not parse eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0…",
                        "could not parse ***…"),
                // Well-known key shapes keep the prefix that says what kind of key it was.
                arguments("IOSFODNN7EXAMPLE",
                        "The security token included in the request is invalid (AKIAIOSFODNN7EXAMPLE)",
                        "The security token included in the request is invalid (AKIA***)"),
                arguments("16C7e42F292c6912E7710c838347Ae178B4a",
                        "Bad credentials for ghp_16C7e42F292c6912E7710c838347Ae178B4a",
                        "Bad credentials for ghp_***"),
                arguments("11ABCDEFG0123456789_abcdefghijklmnop", "push refused: github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
                        "push refused: github_pat_***"),
                arguments("2640-1234567890-AbCdEfGhIj", "invalid_auth using xoxb-2640-1234567890-AbCdEfGhIj",
                        "invalid_auth using xoxb-***"),
                arguments("T0001/B0001/XXXXXXXXXXXXXXXX",
                        "POST https://hooks.slack.com/services/T0001/B0001/XXXXXXXXXXXXXXXX failed: 404 no_service",
                        "POST https://hooks.slack.com/services/*** failed: 404 no_service"),
                arguments("4eC39HqLyjWDarjtT1zdp7dc", "Invalid API Key provided: sk_live_4eC39HqLyjWDarjtT1zdp7dc",
                        "Invalid API Key provided: sk_live_***"),
                arguments("SyA-1234567890abcdefghijklmnopqrstu",
                        "API key not valid (AIzaSyA-1234567890abcdefghijklmnopqrstu). Please pass a valid API key.",
                        "API key not valid (AIza***). Please pass a valid API key."),
                arguments("MIIEpAIBAAKCAQEA",
                        "could not parse -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY----- as PKCS#8",
                        "could not parse -----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY----- as PKCS#8"),
                arguments("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "key file ends early: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
                        "key file ends early: -----BEGIN PRIVATE KEY-----***"),
                // Card numbers keep their last four digits and their shape.
                arguments("4111 1111 1111", "card 4111 1111 1111 1111 declined", "card **** **** **** 1111 declined"),
                arguments("5555-5555-5555", "payment failed for 5555-5555-5555-4444 (insufficient funds)",
                        "payment failed for ****-****-****-4444 (insufficient funds)"),
                arguments("378282246310005", "charge {\"pan\":\"378282246310005\"} refused",
                        "charge {\"pan\":\"***********0005\"} refused"),
                arguments("4111 1111 1111", "card 4111 1111 1111 1111 12/25 expired", "card **** **** **** 1111 12/25 expired"),
                arguments("4111111111111111", "order 1234 card 4111111111111111", "order 1234 card ************1111"));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void masksTheSecretAndKeepsWhatIsAroundIt(String secret, String message, String masked) {
        assertThat(masker.mask(message)).isEqualTo(masked).doesNotContain(secret);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void maskingTwiceChangesNothingMore(String secret, String message, String masked) {
        assertThat(masker.mask(masker.mask(message))).isEqualTo(masker.mask(message));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "order 1234 5678 9012 3456 not found",
            "order id 1234567890123456 not found",
            "event at 1718000000001 dropped",
            "timed out at 2024-06-10 10:30:00.123 after 30000 ms",
            "request 123e4567-e89b-12d3-a456-426614174000 failed",
            "account 12345678901234567890123 is closed",
            "call +1 555-123-4567 back",
            "password authentication failed for user \"app\"",
            "Bad credentials",
            "Unexpected token (START_OBJECT), expected VALUE_STRING",
            "WWW-Authenticate: Bearer realm=\"api\"",
            "Token::getValue returned null",
            "token == null",
            "https://api.example.com:8443/orders?page=2 returned 500",
            "https://api.example.com:8443/users?email=ann@example.com returned 404",
            "password: must not be blank",
            "clientSecret: is required",
            "Bearer token is malformed",
            "Basic authentication is disabled",
            "Field error in object 'form' on field 'email': rejected value [ann@example.com]; codes [Email]",
            "order 4111111111111111 not found",
            "commit 3f786850e387550fdab836ed7e6dc881de23001b is not on main",
            "user ann@example.com not found, call +82 10-1234-5678, IBAN DE89 3704 0044 0532 0130 00" })
    void leavesTextWithoutASecretAsItIs(String message) {
        assertThat(masker.mask(message)).isEqualTo(message);
    }

    @Test
    void masksOnlyNumbersThatPassTheLuhnCheck() {
        // Both numbers are 16 digits in the same shape; only the first is a possible card number.
        assertThat(masker.mask("4111 1111 1111 1111 / 4111 1111 1111 1112"))
                .isEqualTo("**** **** **** 1111 / 4111 1111 1111 1112");
    }

    @Test
    void masksWhatSpringPrintsOfASecret() {
        assertThat(masker.mask("Field error in object 'form' on field 'password': rejected value [s3 cr]t]; "
                + "codes [Size.form.password]; default message [too short]"))
                .isEqualTo("Field error in object 'form' on field 'password': rejected value [***]; "
                        + "codes [Size.form.password]; default message [too short]");
        assertThat(masker.mask("Failed to bind properties under 'spring.datasource.password' to java.lang.String:\n\n"
                + "    Property: spring.datasource.password\n    Value: \"s3, cr\"\n    Origin: application.yml"))
                .endsWith("Value: \"***\"\n    Origin: application.yml");
    }

    @Test
    void masksAValueToWhatEndsItInItsSyntax() {
        assertThat(masker.mask("login failed: password=abc,def;ghi&jkl, retrying"))
                .isEqualTo("login failed: password=***, retrying");
        assertThat(masker.mask("{username=app, password=p,w x, url=jdbc:h2:mem}"))
                .isEqualTo("{username=app, password=***, url=jdbc:h2:mem}");
        assertThat(masker.mask("jdbc:sqlserver://db;user=app;password={a;b};encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db;user=app;password=***;encrypt=true");
        assertThat(masker.mask("body \"{\\\"password\\\":\\\"x\\\",\\\"user\\\":\\\"ann\\\"}\""))
                .isEqualTo("body \"{\\\"password\\\":\\\"***\\\",\\\"user\\\":\\\"ann\\\"}\"");
    }

    @Test
    void masksUrlCredentialsToTheLastAt() {
        assertThat(masker.mask("smtp://ann@example.com:p#a/s?s@w@mail.example.com:587 refused"))
                .isEqualTo("smtp://ann@example.com:***@mail.example.com:587 refused");
    }

    @Test
    void masksALuhnValidNumberOnlyWhereItLooksLikeACard() {
        assertThat(masker.mask("order 4111111111111111 not found")).isEqualTo("order 4111111111111111 not found");
        assertThat(masker.mask("build 4111111111111111 of master failed"))
                .isEqualTo("build 4111111111111111 of master failed");
        assertThat(masker.mask("4111111111111111 is not a valid card"))
                .isEqualTo("************1111 is not a valid card");
        assertThat(masker.mask("ref 4111-1111-1111-1111")).isEqualTo("ref ****-****-****-1111");
        assertThat(masker.mask("payment_method=card_4111111111111111"))
                .isEqualTo("payment_method=card_************1111");
    }

    @Test
    void masksPersonalDataOnlyWhenAskedTo() {
        SecretMasker personal = masker.withPersonalData();

        assertThat(personal.mask("user ann.lee@example.com not found")).isEqualTo("user ***@example.com not found");
        assertThat(personal.mask("call +82 10-1234-5678 or 010-1234-5678 or (555) 123-4567"))
                .isEqualTo("call *** or *** or ***");
        assertThat(personal.mask("IBAN DE89 3704 0044 0532 0130 00 closed, GB82WEST12345698765432 open"))
                .isEqualTo("IBAN *** closed, *** open");
        assertThat(personal.mask("RRN 900101-1234567 rejected")).isEqualTo("RRN *** rejected");
        // A wrong check digit or an impossible date is some other number.
        assertThat(personal.mask("ref DE00 3704 0044 0532 0130 00, 901301-1234567"))
                .isEqualTo("ref DE00 3704 0044 0532 0130 00, 901301-1234567");
        assertThat(personal.mask("password=hunter2 for ann@example.com")).isEqualTo("password=*** for ***@example.com");
    }

    @Test
    void masksTheWholeMatchOfUserPatterns() {
        SecretMasker withUserPatterns = masker.and(List.of(Pattern.compile("ORD-SECRET-\\d+"),
                Pattern.compile("(?i)tenant-key [a-z0-9]+")));

        assertThat(withUserPatterns.mask("tenant-key k3y failed for ORD-SECRET-42, password=x"))
                .isEqualTo("*** failed for ***, password=***");
    }

    @Test
    void userPatternsRunBeforeTheBuiltInRules() {
        SecretMasker withUserPattern = masker.and(List.of(Pattern.compile("ORD-4111111111111111")));

        assertThat(withUserPattern.mask("order ORD-4111111111111111 failed")).isEqualTo("order *** failed");
    }

    @Test
    void aUserPatternThatMatchesNothingInsertsNoMasks() {
        SecretMasker withUserPattern = masker.and(List.of(Pattern.compile("x*")));

        assertThat(withUserPattern.mask("abc")).isEqualTo("abc");
    }

    @Test
    void aUserPatternThatBacktracksCatastrophicallyWithholdsTheText() {
        SecretMasker withUserPattern = masker.and(List.of(Pattern.compile("(a+)+$")));
        String hostile = "password=hunter2 " + "a".repeat(10_000) + "!";

        String masked = assertTimeoutPreemptively(GENEROUS, () -> withUserPattern.mask(hostile));

        assertThat(masked).isEqualTo(SecretMasker.WITHHELD);
    }

    @Test
    void masksNullAsNull() {
        assertThat(masker.mask(null)).isNull();
    }

    @Test
    void noneLeavesTextAsItIs() {
        assertThat(SecretMasker.none().mask("password=hunter2")).isEqualTo("password=hunter2");
        assertThat(SecretMasker.none().mask(null)).isNull();
    }

    @Test
    void masksTheStartOfALongTextAndCutsTheRest() {
        String text = "password=hunter2 " + "x".repeat(SecretMasker.MAX_LENGTH) + " card 4111 1111 1111 1111";

        String masked = masker.mask(text);

        assertThat(masked).startsWith("password=*** xxx").endsWith("x…").doesNotContain("hunter2", "4111");
        assertThat(masked).hasSizeLessThanOrEqualTo(SecretMasker.MAX_LENGTH + 1);
    }

    @Test
    void masksWithoutLengtheningPastTheLimit() {
        String text = "pwd=a ".repeat(SecretMasker.MAX_LENGTH / 6);

        assertThat(masker.mask(text)).hasSize(SecretMasker.MAX_LENGTH + 1).doesNotContain("=a ");
    }

    static Stream<String> hostile() {
        int megabyte = 1 << 20;
        return Stream.of(
                "a".repeat(megabyte),
                "4".repeat(megabyte),
                "4 ".repeat(megabyte / 2),
                "4-".repeat(megabyte / 2),
                "password=".repeat(megabyte / 9),
                "password=\"".repeat(megabyte / 10),
                "Authorization: Bearer ".repeat(megabyte / 22),
                "Bearer ".repeat(megabyte / 7),
                "eyJ".repeat(megabyte / 3),
                "eyJa.".repeat(megabyte / 5),
                "a://a:".repeat(megabyte / 6),
                "https://" + "u".repeat(200) + ":" + "p".repeat(megabyte),
                "jdbc:oracle:thin:a/".repeat(megabyte / 19),
                "-----BEGIN PRIVATE KEY-----".repeat(megabyte / 27),
                "-----BEGIN " + " ".repeat(megabyte),
                "ghp_".repeat(megabyte / 4),
                "AKIA".repeat(megabyte / 4),
                "hooks.slack.com/services/".repeat(megabyte / 25),
                "dbPassword: ".repeat(megabyte / 12),
                "{a=1, password=".repeat(megabyte / 15),
                "on field 'password': rejected value [".repeat(megabyte / 37),
                "on field 'password': rejected value [x]; codes [".repeat(megabyte / 48),
                "Property: a.password\n Value: \"".repeat(megabyte / 30),
                "<password>".repeat(megabyte / 10),
                "a://b:c@".repeat(megabyte / 8),
                "a://" + "b:c@".repeat(megabyte / 4),
                "\\\"password\\\":\\\"".repeat(megabyte / 16),
                "sk-".repeat(megabyte / 3),
                "card 4111 ".repeat(megabyte / 10),
                "a@b.".repeat(megabyte / 4),
                "+1 2".repeat(megabyte / 4),
                "DE89 ".repeat(megabyte / 5),
                "\\".repeat(megabyte));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void masksAMegabyteOfHostileInputBounded(String hostile) {
        String masked = assertTimeoutPreemptively(GENEROUS, () -> masker.withPersonalData().mask(hostile));

        assertThat(masked).isNotEqualTo(SecretMasker.WITHHELD);
        assertThat(masked.length()).isLessThanOrEqualTo(SecretMasker.MAX_LENGTH + 1);
    }
}
