package dev.erroralert.spring.autoconfigure;

import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Keeps error-alert's secrets out of actuator output even where values are shown: Slack webhook URLs and bot tokens
 * by name (as {@code /env} and {@code /configprops} name them), and any URL carrying credentials (a Redis URL with a
 * password) by value.
 */
class SecretPropertiesSanitizer implements SanitizingFunction {

    private static final Pattern URL_WITH_CREDENTIALS = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/@\\s]*@");

    @Override
    public SanitizableData apply(SanitizableData data) {
        String key = data.getKey().toLowerCase(Locale.ROOT).replace("-", "");
        boolean secretByName = key.endsWith("webhookurl") || key.endsWith("bottoken");
        boolean secretByValue = data.getValue() instanceof CharSequence value
                && URL_WITH_CREDENTIALS.matcher(value).find();
        return (secretByName || secretByValue) ? data.withSanitizedValue() : data;
    }
}
