package dev.erroralert.slack;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.webhook.WebhookResponse;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.Notifier;
import org.jspecify.annotations.Nullable;

/**
 * Delivers alerts to a Slack channel through an incoming webhook, as {@link SlackMessage Block Kit messages}.
 * <p>
 * The webhook URL is a secret (whoever has it can post to the channel): it never appears in an exception message,
 * in {@link #toString()} or in a log line of this class. A {@link Slack} passed in keeps its own settings; the
 * SDK's default one logs every request's URL at DEBUG, which {@link #slack(Duration)} switches off.
 */
public final class SlackNotifier implements Notifier, AutoCloseable {

    /** How long one delivery may take by default, connecting included: a slow Slack must not hold up delivery. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final String MASK = "/***";

    // Slack answers errors with a short code such as "invalid_payload"; anything longer is not Slack's.
    private static final int MAX_ANSWER_LENGTH = 200;

    // An I/O error rarely says anything useful past its second cause.
    private static final int MAX_CAUSES_DESCRIBED = 3;

    private final String webhookUrl;
    private final URI webhook;
    private final Slack slack;
    private final boolean ownsSlack;

    /**
     * A notifier posting to {@code webhookUrl} with its own {@link #slack(Duration) Slack client} and the
     * {@linkplain #DEFAULT_TIMEOUT default timeout}; {@link #close()} releases the client.
     *
     * @throws IllegalArgumentException if {@code webhookUrl} is not an absolute http or https URL with a host
     */
    public SlackNotifier(String webhookUrl) {
        this(parse(webhookUrl), webhookUrl, null);
    }

    /**
     * A notifier posting to {@code webhookUrl} through {@code slack}, which stays the caller's to close.
     *
     * @throws IllegalArgumentException if {@code webhookUrl} is not an absolute http or https URL with a host
     */
    public SlackNotifier(String webhookUrl, Slack slack) {
        this(parse(webhookUrl), webhookUrl, Objects.requireNonNull(slack, "slack"));
    }

    private SlackNotifier(URI webhook, String webhookUrl, @Nullable Slack slack) {
        this.webhook = webhook;
        this.webhookUrl = webhookUrl;
        this.ownsSlack = slack == null;
        this.slack = slack != null ? slack : slack(DEFAULT_TIMEOUT);
    }

    /**
     * A Slack client whose every call (connecting, sending, waiting for the answer) ends within {@code timeout},
     * and which does not log request URLs.
     */
    public static Slack slack(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be positive and at most 24 days, got " + timeout);
        }
        int millis = (int) Math.max(1, timeout.toMillis());
        SlackConfig config = new SlackConfig();
        // The SDK's default response listeners log the request URL at DEBUG, and the URL is the secret.
        config.setHttpClientResponseHandlers(new ArrayList<>());
        config.setHttpClientCallTimeoutMillis(millis);
        config.setHttpClientReadTimeoutMillis(millis);
        config.setHttpClientWriteTimeoutMillis(millis);
        return Slack.getInstance(config);
    }

    /**
     * Post {@code alert} to the webhook.
     *
     * @throws SlackDeliveryException if Slack answered with anything but 2xx, or could not be reached in time
     */
    @Override
    public void send(Alert alert) throws SlackDeliveryException {
        WebhookResponse response;
        try {
            response = slack.send(webhookUrl, SlackMessage.of(alert).toWebhookPayload());
        }
        catch (IOException | RuntimeException ex) {
            throw new SlackDeliveryException("Slack webhook " + masked() + " could not be reached: " + describe(ex),
                    0, null);
        }
        int status = response.getCode() == null ? 0 : response.getCode();
        if (status < 200 || status > 299) {
            Duration retryAfter = retryAfter(response.getHeaders());
            throw new SlackDeliveryException("Slack webhook " + masked() + " answered " + status + answered(response)
                    + (retryAfter == null ? "" : " (retry after " + retryAfter.toSeconds() + " s)"), status,
                    retryAfter);
        }
    }

    /** Release the Slack client if this notifier made it; one passed in stays open. */
    @Override
    public void close() throws Exception {
        if (ownsSlack) {
            slack.close();
        }
    }

    @Override
    public String toString() {
        return "SlackNotifier[webhook=" + masked() + "]";
    }

    private String masked() {
        return webhook.getScheme() + "://" + webhook.getHost() + (webhook.getPort() == -1 ? "" : ":" + webhook.getPort())
                + MASK;
    }

    private String answered(WebhookResponse response) {
        String body = response.getBody();
        if (body == null || body.isBlank()) {
            return "";
        }
        String shown = body.strip();
        if (shown.length() > MAX_ANSWER_LENGTH) {
            shown = shown.substring(0, MAX_ANSWER_LENGTH) + "…";
        }
        return ": " + redact(SlackText.oneLine(shown));
    }

    private String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(128);
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_CAUSES_DESCRIBED; depth++, current = current.getCause()) {
            if (depth > 0) {
                text.append("; caused by ");
            }
            text.append(current.getClass().getName());
            if (current.getMessage() != null) {
                text.append(": ").append(SlackText.oneLine(current.getMessage()));
            }
        }
        return redact(text.toString());
    }

    /** {@code text} with the webhook's path and query (the secret part), however written, masked. */
    private String redact(String text) {
        String redacted = text.replace(webhookUrl, masked());
        for (String secret : new String[] {webhook.getRawPath(), webhook.getPath(), webhook.getRawQuery()}) {
            if (secret != null && secret.length() > 1) {
                redacted = redacted.replace(secret, MASK);
            }
        }
        return redacted;
    }

    private static @Nullable Duration retryAfter(@Nullable Map<String, List<String>> headers) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if ("Retry-After".equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                try {
                    long seconds = Long.parseLong(header.getValue().get(0).trim());
                    return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
                }
                catch (NumberFormatException ex) {
                    // An HTTP date, which Slack does not send: no advice then.
                    return null;
                }
            }
        }
        return null;
    }

    private static URI parse(String webhookUrl) {
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        URI uri;
        try {
            uri = new URI(webhookUrl);
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
        return uri;
    }
}
