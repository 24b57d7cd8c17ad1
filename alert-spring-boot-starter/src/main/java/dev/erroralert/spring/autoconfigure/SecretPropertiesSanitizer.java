package dev.erroralert.spring.autoconfigure;

import java.net.URI;
import java.net.URL;
import java.util.Locale;

import dev.erroralert.notify.SecretMasker;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Keeps secrets out of actuator output ({@code /env}, {@code /configprops}) even where values are shown. By name:
 * Slack webhook URLs and bot tokens, whatever form the key takes ({@code error-alert.slack.bot-token},
 * {@code ERROR_ALERT_SLACK_BOT_TOKEN}, {@code SLACK_WEBHOOK_URL}, {@code botToken}). By value: any value in which
 * the error-alert masker finds a secret — a Slack webhook URL or {@code xox?-} token, a URL or JDBC URL carrying
 * credentials, a {@code password=…} — anywhere in it, so also inside {@code SPRING_APPLICATION_JSON} and
 * {@code sun.java.command}. Such a value is hidden as a whole, not masked in part: what the rules do not recognise
 * beside a secret they do is better not shown either.
 */
class SecretPropertiesSanitizer implements SanitizingFunction {

    private final SecretMasker applicationMasker;

    /** Recognises secrets with the built-in rules, and with {@code applicationMasker} (the application's rules). */
    SecretPropertiesSanitizer(SecretMasker applicationMasker) {
        this.applicationMasker = applicationMasker;
    }

    @Override
    public SanitizableData apply(SanitizableData data) {
        return isSecretByName(data.getKey()) || isSecretByValue(data.getValue()) ? data.withSanitizedValue() : data;
    }

    // Relaxed the way Spring Boot binds: kebab, snake, dotted, camel and upper case name the same key.
    private static boolean isSecretByName(String key) {
        StringBuilder relaxed = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '-' && c != '_' && c != '.') {
                relaxed.append(c);
            }
        }
        String name = relaxed.toString().toLowerCase(Locale.ROOT);
        return name.endsWith("webhookurl") || name.endsWith("bottoken");
    }

    private boolean isSecretByValue(@Nullable Object value) {
        if (!(value instanceof CharSequence || value instanceof URI || value instanceof URL)) {
            return false;
        }
        String text = value.toString();
        // Longer than the masker reads: its tail could hide a secret, so it is not shown.
        return text.length() > SecretMasker.MAX_LENGTH || !text.equals(SecretMasker.withDefaults().mask(text))
                || !text.equals(applicationMasker.mask(text));
    }
}
