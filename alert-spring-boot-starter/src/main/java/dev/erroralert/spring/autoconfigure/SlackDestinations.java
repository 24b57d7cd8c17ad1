package dev.erroralert.spring.autoconfigure;

import java.util.Objects;

import com.slack.api.Slack;
import dev.erroralert.delivery.Destination;
import dev.erroralert.slack.SlackBotDestination;
import dev.erroralert.slack.SlackClients;
import dev.erroralert.slack.SlackWebhookDestination;
import dev.erroralert.store.ThreadStore;
import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

/** Builds one Slack destination from settings: a channel for the bot (with threads), or a webhook. */
final class SlackDestinations {

    private SlackDestinations() {
    }

    /**
     * @param property the settings' prefix, named in the message when they do not make a destination
     * @throws IllegalStateException naming the missing setting
     */
    static Destination create(String name, @Nullable String webhookUrl, @Nullable String channel,
            ErrorAlertSlackProperties slack, ThreadStore threads, String property) {
        if (slack.hasBot() && (StringUtils.hasText(channel) || !StringUtils.hasText(webhookUrl))) {
            if (!StringUtils.hasText(channel)) {
                throw new IllegalStateException(property + ".channel is required with error-alert.slack.bot-token");
            }
            // hasBot() said there is a token.
            return new SlackBotDestination(name, Objects.requireNonNull(slack.getBotToken()), channel, threads,
                    botClient(slack));
        }
        if (StringUtils.hasText(webhookUrl)) {
            try {
                return new SlackWebhookDestination(name, webhookUrl, SlackClients.create(slack.getTimeout()));
            }
            catch (IllegalArgumentException ex) {
                // The destination's own message shows at most the scheme and host: the rest of the URL is the secret.
                throw new IllegalStateException(property + ".webhook-url is invalid: " + ex.getMessage());
            }
        }
        throw new IllegalStateException(property + " needs a webhook-url, or a channel with error-alert.slack.bot-token");
    }

    private static Slack botClient(ErrorAlertSlackProperties slack) {
        try {
            return SlackClients.create(slack.getTimeout(), slack.getApiUrl());
        }
        catch (IllegalArgumentException ex) {
            // Not in the property's setter, where Spring Boot's failure report would print the value.
            throw new IllegalStateException("error-alert.slack.api-url is invalid: " + ex.getMessage());
        }
    }
}
