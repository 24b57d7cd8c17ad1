package dev.erroralert.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.erroralert.store.ThreadStore;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

import static dev.erroralert.spring.autoconfigure.ErrorAlertProperties.requirePositive;
import static dev.erroralert.spring.autoconfigure.ErrorAlertProperties.named;

/**
 * Delivery to Slack: an incoming webhook, or a bot token and a channel (alerts of one error then share a thread).
 * Without either, alerts go to the application log.
 */
@ConfigurationProperties("error-alert.slack")
public class ErrorAlertSlackProperties {

    /**
     * Incoming webhook URL, such as 'https://hooks.slack.com/services/T000/B000/XXXX'. A secret: never logged.
     */
    private @Nullable String webhookUrl;

    /**
     * Bot token ('xoxb-...') for posting with chat.postMessage, with threads per error. A secret: never logged.
     */
    private @Nullable String botToken;

    /**
     * Channel the bot posts to, such as '#alerts' or a channel id; required with a bot token.
     */
    private @Nullable String channel;

    /**
     * How long one call to Slack may take, connecting included.
     */
    private Duration timeout = Duration.ofSeconds(5);

    /**
     * Base URL of Slack's Web API for the bot, such as 'https://slack.com/api/'. Empty for Slack's own; set it
     * for a proxy.
     */
    private @Nullable String apiUrl;

    /**
     * Named destinations that '@AlertOnError(route = ...)' or an exception-type rule select.
     */
    private Map<String, Route> routes = new LinkedHashMap<>();

    /**
     * Route by exception class name, for alerts whose capture site names no route.
     */
    private Map<String, String> routeByException = new LinkedHashMap<>();

    public @Nullable String getWebhookUrl() {
        return webhookUrl;
    }

    public void setWebhookUrl(@Nullable String webhookUrl) {
        // Checked when the destination is built, never here: a binding failure report prints the value.
        this.webhookUrl = webhookUrl;
    }

    public @Nullable String getBotToken() {
        return botToken;
    }

    public void setBotToken(@Nullable String botToken) {
        this.botToken = botToken;
    }

    public @Nullable String getChannel() {
        return channel;
    }

    public void setChannel(@Nullable String channel) {
        this.channel = channel;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = requirePositive(timeout, "error-alert.slack.timeout");
    }

    public @Nullable String getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(@Nullable String apiUrl) {
        // Checked when the bot's client is built, never here: a binding failure report prints the value, and a
        // proxy's URL may hold credentials.
        this.apiUrl = apiUrl;
    }

    public Map<String, Route> getRoutes() {
        return routes;
    }

    public void setRoutes(Map<String, Route> routes) {
        routes.keySet().forEach(name -> {
            if (!ThreadStore.DESTINATION_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("error-alert.slack.routes." + name
                        + " is not a valid route name: letters, digits, '-' and '_', at most 64");
            }
        });
        this.routes = routes;
    }

    public Map<String, String> getRouteByException() {
        return routeByException;
    }

    public void setRouteByException(Map<String, String> routeByException) {
        this.routeByException = routeByException;
    }

    /** Whether a bot token is set (then threads are used). */
    boolean hasBot() {
        return StringUtils.hasText(botToken);
    }

    @Override
    public String toString() {
        return "Slack[webhookUrl=" + (webhookUrl == null ? null : "***") + ", botToken="
                + (botToken == null ? null : "***") + ", channel=" + channel + ", routes=" + routes.keySet() + "]";
    }

    /**
     * A named Slack destination: its own webhook, or a channel for the bot.
     */
    public static class Route {

        /**
         * Incoming webhook URL of this route. A secret: never logged.
         */
        private @Nullable String webhookUrl;

        /**
         * Channel of this route, posted to with the bot token.
         */
        private @Nullable String channel;

        public @Nullable String getWebhookUrl() {
            return webhookUrl;
        }

        public void setWebhookUrl(@Nullable String webhookUrl) {
            // Checked when the destination is built, never here: a binding failure report prints the value.
            this.webhookUrl = webhookUrl;
        }

        public @Nullable String getChannel() {
            return channel;
        }

        public void setChannel(@Nullable String channel) {
            this.channel = channel;
        }

        @Override
        public String toString() {
            return "Route[webhookUrl=" + (webhookUrl == null ? null : "***") + ", channel=" + channel + "]";
        }
    }
}
