package dev.erroralert.slack;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * A Slack incoming-webhook URL. It is a secret (whoever has it can post to the channel), so only its scheme and
 * host are ever shown: {@code https://hooks.slack.com/***}.
 */
final class WebhookUrl {

    private static final String MASK = "/***";

    private final String value;
    private final URI uri;

    private WebhookUrl(String value, URI uri) {
        this.value = value;
        this.uri = uri;
    }

    /**
     * The webhook at {@code url}.
     *
     * @throws IllegalArgumentException if {@code url} is not an absolute http or https URL with a host; the message
     * shows the scheme and host only
     */
    static WebhookUrl parse(String url) {
        Objects.requireNonNull(url, "webhookUrl");
        URI uri;
        try {
            uri = new URI(url);
        }
        catch (URISyntaxException ex) {
            // The parser's message quotes the input, and the input is the secret.
            throw new IllegalArgumentException("The Slack webhook URL is not a valid URL (not shown: it is a secret)");
        }
        String scheme = uri.getScheme();
        boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
        if (!http || uri.getHost() == null || uri.getPort() > 65535) {
            throw new IllegalArgumentException("The Slack webhook URL must be an absolute http or https URL with a "
                    + "host, got " + (scheme == null ? "a relative URL" : scheme + "://"
                    + (uri.getHost() == null ? "(no host)" : uri.getHost()) + MASK));
        }
        return new WebhookUrl(url, uri);
    }

    /** The URL itself, to post to; never to show. */
    String value() {
        return value;
    }

    /** The URL as it may be shown: scheme, host and port. */
    String masked() {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + MASK;
    }

    /**
     * {@code text} with the URL, and its path and query (the secret part) however written, masked: as they are,
     * decoded, URL-encoded or JSON-escaped ({@link SecretForms}).
     */
    String redact(String text) {
        String redacted = SecretForms.redact(text, value, masked());
        for (String secret : new String[] {uri.getRawPath(), uri.getPath(), uri.getRawQuery()}) {
            if (secret != null && secret.length() > 1) {
                redacted = SecretForms.redact(redacted, secret, MASK);
            }
        }
        return redacted;
    }

    @Override
    public String toString() {
        return masked();
    }
}
