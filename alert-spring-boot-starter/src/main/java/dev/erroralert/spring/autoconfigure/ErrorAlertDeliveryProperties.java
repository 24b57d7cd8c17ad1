package dev.erroralert.spring.autoconfigure;

import java.time.Duration;

import dev.erroralert.delivery.DeliverySettings;
import dev.erroralert.jdbc.JdbcStoreSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

import static dev.erroralert.spring.autoconfigure.ErrorAlertProperties.requirePositive;
import static dev.erroralert.spring.autoconfigure.ErrorAlertProperties.named;
import static dev.erroralert.spring.autoconfigure.ErrorAlertProperties.requireAtLeastOne;

/**
 * How each destination is paced, retried and, when it stays down, parked in the outbox.
 */
@ConfigurationProperties("error-alert.delivery")
public class ErrorAlertDeliveryProperties {

    /**
     * Steady pace per destination, in messages a second; alerts waiting behind it go together as one digest.
     */
    private double messagesPerSecond = 1.0;

    /**
     * How many messages may go at once before the pace applies.
     */
    private int burst = 3;

    /**
     * How many times a message is tried before it is parked in the outbox.
     */
    private int maxAttempts = 4;

    /**
     * Wait before the second attempt; it doubles, with jitter, up to max-backoff.
     */
    private Duration initialBackoff = Duration.ofMillis(500);

    /**
     * Longest wait between two attempts.
     */
    private Duration maxBackoff = Duration.ofSeconds(30);

    /**
     * How long a destination that answered 429 without Retry-After is left alone.
     */
    private Duration defaultRetryAfter = Duration.ofSeconds(30);

    /**
     * How many distinct errors may wait for one destination to be named (an error's alerts wait together as one
     * line); past it, further errors wait counted by type and location.
     */
    private int queueCapacity = 1000;

    /**
     * How many errors a destination names one by one in a naming window; past it, a storm's further errors are
     * counted by type and location, and the message says how to list them all.
     */
    private int namedErrors = DeliverySettings.DEFAULT_NAMED_ERRORS;

    /**
     * The window of named-errors: the budget refills whole when this long has passed since it was first drawn on.
     */
    private Duration namingWindow = DeliverySettings.DEFAULT_NAMING_WINDOW;

    /**
     * How often parked messages are looked for and redelivered.
     */
    private Duration outboxCheckInterval = Duration.ofSeconds(30);

    /**
     * Whether to park messages a destination would not take in a table of the application's database.
     */
    private boolean outboxEnabled = true;

    /**
     * Table of the outbox, optionally schema-qualified.
     */
    private String outboxTableName = "error_alert_outbox";

    public double getMessagesPerSecond() {
        return messagesPerSecond;
    }

    public void setMessagesPerSecond(double messagesPerSecond) {
        if (!(messagesPerSecond > 0)) {
            throw new IllegalArgumentException(
                    "error-alert.delivery.messages-per-second must be positive, got " + messagesPerSecond);
        }
        this.messagesPerSecond = messagesPerSecond;
    }

    public int getBurst() {
        return burst;
    }

    public void setBurst(int burst) {
        this.burst = requireAtLeastOne(burst, "error-alert.delivery.burst");
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = requireAtLeastOne(maxAttempts, "error-alert.delivery.max-attempts");
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = requirePositive(initialBackoff, "error-alert.delivery.initial-backoff");
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = requirePositive(maxBackoff, "error-alert.delivery.max-backoff");
    }

    public Duration getDefaultRetryAfter() {
        return defaultRetryAfter;
    }

    public void setDefaultRetryAfter(Duration defaultRetryAfter) {
        this.defaultRetryAfter = requirePositive(defaultRetryAfter, "error-alert.delivery.default-retry-after");
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = requireAtLeastOne(queueCapacity, "error-alert.delivery.queue-capacity");
    }

    public int getNamedErrors() {
        return namedErrors;
    }

    public void setNamedErrors(int namedErrors) {
        this.namedErrors = requireAtLeastOne(namedErrors, "error-alert.delivery.named-errors");
    }

    public Duration getNamingWindow() {
        return namingWindow;
    }

    public void setNamingWindow(Duration namingWindow) {
        this.namingWindow = requirePositive(namingWindow, "error-alert.delivery.naming-window");
    }

    public Duration getOutboxCheckInterval() {
        return outboxCheckInterval;
    }

    public void setOutboxCheckInterval(Duration outboxCheckInterval) {
        this.outboxCheckInterval = requirePositive(outboxCheckInterval,
                "error-alert.delivery.outbox-check-interval");
    }

    public boolean isOutboxEnabled() {
        return outboxEnabled;
    }

    public void setOutboxEnabled(boolean outboxEnabled) {
        this.outboxEnabled = outboxEnabled;
    }

    public String getOutboxTableName() {
        return outboxTableName;
    }

    public void setOutboxTableName(String outboxTableName) {
        this.outboxTableName = named("error-alert.delivery.outbox-table-name",
                () -> JdbcStoreSettings.ofDefaults().withTableName(outboxTableName).tableName());
    }

    DeliverySettings toSettings() {
        return new DeliverySettings(messagesPerSecond, burst, maxAttempts, initialBackoff, maxBackoff,
                defaultRetryAfter, queueCapacity, outboxCheckInterval, namedErrors, namingWindow);
    }
}
