package dev.erroralert.slack;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import com.slack.api.Slack;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.Notifier;

/**
 * Delivers alerts one by one to a Slack channel through an incoming webhook, as {@link SlackMessage Block Kit
 * messages}. Kept while the starter moves to {@link SlackWebhookDestination}, which it delegates to, so there is one
 * way an alert is rendered and posted.
 * <p>
 * The webhook URL is a secret (whoever has it can post to the channel): it never appears in an exception message,
 * in {@link #toString()} or in a log line of this class. A {@link Slack} passed in keeps its own settings; the
 * SDK's default one logs every request's URL at DEBUG, which {@link #slack(Duration)} switches off.
 */
public final class SlackNotifier implements Notifier, AutoCloseable {

    /** How long one delivery may take by default, connecting included: a slow Slack must not hold up delivery. */
    public static final Duration DEFAULT_TIMEOUT = SlackClients.DEFAULT_TIMEOUT;

    private static final String NAME = "default";

    private final SlackWebhookDestination webhook;

    /**
     * A notifier posting to {@code webhookUrl} with its own {@link #slack(Duration) Slack client} and the
     * {@linkplain #DEFAULT_TIMEOUT default timeout}; {@link #close()} releases the client.
     *
     * @throws IllegalArgumentException if {@code webhookUrl} is not an absolute http or https URL with a host
     */
    public SlackNotifier(String webhookUrl) {
        this.webhook = new SlackWebhookDestination(NAME, webhookUrl);
    }

    /**
     * A notifier posting to {@code webhookUrl} through {@code slack}, which stays the caller's to close.
     *
     * @throws IllegalArgumentException if {@code webhookUrl} is not an absolute http or https URL with a host
     */
    public SlackNotifier(String webhookUrl, Slack slack) {
        this.webhook = new SlackWebhookDestination(NAME, webhookUrl, Objects.requireNonNull(slack, "slack"));
    }

    /** The same as {@link SlackClients#create(Duration)}. */
    public static Slack slack(Duration timeout) {
        return SlackClients.create(timeout);
    }

    /**
     * Post {@code alert} to the webhook.
     *
     * @throws SlackDeliveryException if Slack answered with anything but 2xx, or could not be reached in time
     */
    @Override
    public void send(Alert alert) throws SlackDeliveryException {
        webhook.post(webhook.render(List.of(alert)).payload());
    }

    /** Release the Slack client if this notifier made it; one passed in stays open. */
    @Override
    public void close() throws Exception {
        webhook.close();
    }

    /** The webhook's scheme and host only. */
    @Override
    public String toString() {
        return "SlackNotifier[webhook=" + webhook.maskedUrl() + "]";
    }
}
