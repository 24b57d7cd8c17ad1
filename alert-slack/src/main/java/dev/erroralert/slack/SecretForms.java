package dev.erroralert.slack;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forms a secret takes in text that quotes it, so that an error message can be rid of it in each: as it is,
 * URL-encoded (with upper- or lower-case hex, once or twice), JSON-escaped (with or without {@code \/}) and
 * HTML-safe JSON-escaped (as Gson writes it, {@code =}, {@code &}, {@code <}, {@code >} and {@code '} as Unicode
 * escapes). A server, a proxy or an I/O library that echoes a request writes it in one of these.
 */
final class SecretForms {

    private static final Pattern PERCENT_HEX = Pattern.compile("%[0-9A-F]{2}");

    private SecretForms() {
    }

    /** {@code text} with {@code secret}, in each of its forms, replaced by {@code mask}. */
    static String redact(String text, String secret, String mask) {
        String redacted = text;
        for (String form : of(secret)) {
            redacted = redacted.replace(form, mask);
        }
        return redacted;
    }

    /** The forms of {@code secret}, the secret itself last: the escaped forms are replaced before it. */
    static Set<String> of(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        if (secret.isEmpty()) {
            return forms;
        }
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String twice = URLEncoder.encode(encoded, StandardCharsets.UTF_8);
        String json = jsonEscaped(secret);
        String jsonWithSlashes = json.replace("/", "\\/");
        for (String form : new String[] { twice, lowerHex(twice), encoded.replace("+", "%20"), encoded,
                lowerHex(encoded), htmlSafe(jsonWithSlashes), htmlSafe(json), jsonWithSlashes, json, secret }) {
            forms.add(form);
        }
        return forms;
    }

    private static String lowerHex(String encoded) {
        Matcher matcher = PERCENT_HEX.matcher(encoded);
        StringBuilder lower = new StringBuilder(encoded.length());
        while (matcher.find()) {
            matcher.appendReplacement(lower, matcher.group().toLowerCase(Locale.ROOT));
        }
        return matcher.appendTail(lower).toString();
    }

    private static String jsonEscaped(String secret) {
        return secret.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    // Gson, and so the Slack SDK, writes these five as escapes unless told otherwise.
    private static String htmlSafe(String secret) {
        StringBuilder escaped = new StringBuilder(secret.length() + 16);
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if ("=&<>'".indexOf(c) >= 0) {
                escaped.append(String.format("\\u%04x", (int) c));
            }
            else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
