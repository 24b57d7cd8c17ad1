package dev.erroralert.slack;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import com.google.gson.Gson;
import com.slack.api.Slack;
import com.slack.api.util.json.GsonFactory;
import com.slack.api.webhook.WebhookResponse;
import dev.erroralert.delivery.DeliveryException;
import dev.erroralert.delivery.Digest;
import dev.erroralert.delivery.Destination;
import dev.erroralert.delivery.Message;
import dev.erroralert.notify.Alert;
import org.jspecify.annotations.Nullable;

/**
 * A Slack channel reached through an incoming webhook: alerts become {@link SlackMessage Block Kit messages}, several
 * at once one digest. A message's payload is the webhook's JSON body, so a message parked in the outbox is posted
 * later exactly as rendered.
 * <p>
 * The webhook URL is a secret (whoever has it can post to the channel): it never appears in an exception message, a
 * message's summary, {@link #toString()} or a log line; only its scheme and host do. A {@link Slack} passed in keeps
 * its own settings; the SDK's default one logs every request's URL at DEBUG, which {@link SlackClients#create}
 * switches off.
 */
public final class SlackWebhookDestination implements Destination, AutoCloseable {

    private static final Gson JSON = GsonFactory.createSnakeCase();

    private final String name;
    private final WebhookUrl webhook;
    private final Slack slack;
    private final boolean ownsSlack;

    /**
     * A destination named {@code name} posting to {@code webhookUrl} with its own {@link SlackClients#create Slack
     * client} and the {@linkplain SlackClients#DEFAULT_TIMEOUT default timeout}; {@link #close()} releases the client.
     *
     * @throws IllegalArgumentException if {@code name} is blank, or {@code webhookUrl} is not an absolute http or
     * https URL with a host
     */
    public SlackWebhookDestination(String name, String webhookUrl) {
        this(name, WebhookUrl.parse(webhookUrl), null);
    }

    /**
     * A destination named {@code name} posting to {@code webhookUrl} through {@code slack}, which stays the caller's
     * to close.
     *
     * @throws IllegalArgumentException if {@code name} is blank, or {@code webhookUrl} is not an absolute http or
     * https URL with a host
     */
    public SlackWebhookDestination(String name, String webhookUrl, Slack slack) {
        this(name, WebhookUrl.parse(webhookUrl), Objects.requireNonNull(slack, "slack"));
    }

    private SlackWebhookDestination(String name, WebhookUrl webhook, @Nullable Slack slack) {
        this.name = requireName(name);
        this.webhook = webhook;
        this.ownsSlack = slack == null;
        this.slack = slack != null ? slack : SlackClients.create(SlackClients.DEFAULT_TIMEOUT);
    }

    /** The name given at construction. */
    @Override
    public String name() {
        return name;
    }

    /** The webhook message for {@code digest}: an alert's own message for one error alone, else a digest. */
    @Override
    public Message render(Digest digest) {
        SlackMessage message = SlackMessage.of(digest);
        return new Message(name, JSON.toJson(message.toWebhookPayload()), SlackMessage.summary(digest),
                digest.alerts());
    }

    /** Errors one digest names: {@value SlackMessage#MAX_ERRORS_PER_DIGEST}, each with its message. */
    @Override
    public int maxAlertsPerMessage() {
        return SlackMessage.MAX_ERRORS_PER_DIGEST;
    }

    /**
     * Post {@code message}'s payload to the webhook.
     *
     * @throws DeliveryException rate limited for a 429 (with its {@code Retry-After}); retryable for a 5xx, a 408,
     * an I/O error or a timeout; permanent for any other answer but 2xx (such as 400 {@code invalid_payload}, 403,
     * 404 {@code no_service}, 410 {@code channel_is_archived})
     */
    @Override
    public void deliver(Message message) throws DeliveryException {
        try {
            post(message.payload());
        }
        catch (SlackDeliveryException ex) {
            throw classify(ex);
        }
    }

    /** Post {@code payload}, a webhook JSON body, keeping Slack's answer in the exception when it is not 2xx. */
    void post(String payload) throws SlackDeliveryException {
        WebhookResponse response;
        try {
            response = slack.send(webhook.value(), payload);
        }
        catch (IOException | RuntimeException ex) {
            throw new SlackDeliveryException("Slack webhook " + webhook.masked() + " could not be reached: "
                    + webhook.redact(SlackFailure.describe(ex)), 0, null);
        }
        int status = response.getCode() == null ? 0 : response.getCode();
        if (status < 200 || status > 299) {
            Duration retryAfter = SlackFailure.retryAfter(response.getHeaders());
            String answer = SlackFailure.answer(response.getBody());
            throw new SlackDeliveryException("Slack webhook " + webhook.masked() + " answered " + status
                    + (answer.isEmpty() ? "" : ": " + webhook.redact(answer))
                    + (retryAfter == null ? "" : " (retry after " + retryAfter.toSeconds() + " s)"), status,
                    retryAfter);
        }
    }

    /** Release the Slack client if this destination made it; one passed in stays open. */
    @Override
    public void close() throws Exception {
        if (ownsSlack) {
            slack.close();
        }
    }

    /** The name and the webhook's scheme and host; never its secret path. */
    @Override
    public String toString() {
        return "SlackWebhookDestination[name=" + name + ", webhook=" + webhook.masked() + "]";
    }

    /** The webhook's scheme and host, as messages and toString show them. */
    String maskedUrl() {
        return webhook.masked();
    }

    private static DeliveryException classify(SlackDeliveryException failure) {
        int status = failure.status().orElse(0);
        String message = failure.getMessage();
        if (status == 429) {
            return DeliveryException.rateLimited(message, failure.retryAfter().orElse(null));
        }
        // No answer at all (refused, timed out, broken off), Slack's own trouble, or a timeout on its side.
        if (status == 0 || status == 408 || status >= 500) {
            return DeliveryException.retryable(message);
        }
        return DeliveryException.permanent(message);
    }

    static String requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A destination's name must not be blank");
        }
        return name;
    }
}
