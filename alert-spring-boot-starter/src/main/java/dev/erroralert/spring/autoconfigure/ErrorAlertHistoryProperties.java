package dev.erroralert.spring.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import static dev.erroralert.spring.autoconfigure.ErrorAlertProperties.requirePositive;

/**
 * The error history in the database: exact totals per error, moved from Redis by a scheduled write-back.
 */
@ConfigurationProperties("error-alert.history")
public class ErrorAlertHistoryProperties {

    /**
     * Whether to keep the error history when the application has a DataSource.
     */
    private boolean enabled = true;

    /**
     * How often what Redis counted is written back into the history table.
     */
    private Duration writeBackInterval = Duration.ofSeconds(10);

    /**
     * How long a batch claimed by an instance stays with it before another instance may write it back.
     */
    private Duration writeBackLease = Duration.ofSeconds(30);

    /**
     * How long a history row is kept after the error was last seen.
     */
    private Duration retention = Duration.ofDays(30);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getWriteBackInterval() {
        return writeBackInterval;
    }

    public void setWriteBackInterval(Duration writeBackInterval) {
        this.writeBackInterval = requirePositive(writeBackInterval, "error-alert.history.write-back-interval");
    }

    public Duration getWriteBackLease() {
        return writeBackLease;
    }

    public void setWriteBackLease(Duration writeBackLease) {
        this.writeBackLease = requirePositive(writeBackLease, "error-alert.history.write-back-lease");
    }

    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        if (retention == null || retention.compareTo(Duration.ofDays(1)) < 0) {
            // Batch ids are kept as long as history rows; shorter than a day would risk counting a batch twice.
            throw new IllegalArgumentException(
                    "error-alert.history.retention must be at least 1d, got " + retention);
        }
        this.retention = retention;
    }
}
