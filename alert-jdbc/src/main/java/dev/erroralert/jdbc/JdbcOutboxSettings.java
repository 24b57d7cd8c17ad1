package dev.erroralert.jdbc;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How the {@link JdbcOutbox} reaches its tables and how long it holds a destination.
 *
 * @param tableName the table holding parked messages, optionally schema-qualified
 * @param leaseTableName the table holding who redelivers which destination, optionally schema-qualified
 * @param leaseDuration how long a lease lasts without being renewed: the time after which a destination whose
 * redeliverer died is taken over. It must exceed the longest a single send may take and the clock difference
 * between instances; the sender's waits before a send (pace, a destination's pause) do not count, the lease being
 * renewed during them
 * @param timeout the longest a statement may run, in whole seconds (rounded up), as the JDBC query timeout
 * @param dialect the database's dialect, or {@code null} to detect it when the schema is to be created
 */
public record JdbcOutboxSettings(String tableName, String leaseTableName, Duration leaseDuration, Duration timeout,
        @Nullable JdbcDialect dialect) {

    /** The table of parked messages unless configured otherwise. */
    public static final String DEFAULT_TABLE_NAME = "error_alert_outbox";

    /** The lease table unless configured otherwise. */
    public static final String DEFAULT_LEASE_TABLE_NAME = "error_alert_outbox_lease";

    /** The lease duration unless configured otherwise. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(60);

    /**
     * The statement timeout unless configured otherwise: longer than the store's, since a delivery lane's thread
     * waits, not a caller's, yet short enough that a hanging database does not hold the lane for long.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public JdbcOutboxSettings {
        JdbcStoreSettings.requireTableName("tableName", tableName);
        JdbcStoreSettings.requireTableName("leaseTableName", leaseTableName);
        if (tableName.equals(leaseTableName)) {
            throw new IllegalArgumentException("tableName and leaseTableName must differ, both are '" + tableName
                    + "'");
        }
        if (leaseDuration == null || leaseDuration.toMillis() < 1) {
            throw new IllegalArgumentException("leaseDuration must be at least 1 ms, got " + leaseDuration);
        }
        if (timeout == null || timeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeout must be at least 1 ms, got " + timeout);
        }
    }

    /** The default tables, lease duration and timeout, the dialect detected when needed. */
    public static JdbcOutboxSettings ofDefaults() {
        return new JdbcOutboxSettings(DEFAULT_TABLE_NAME, DEFAULT_LEASE_TABLE_NAME, DEFAULT_LEASE_DURATION,
                DEFAULT_TIMEOUT, null);
    }

    /** These settings with another table of parked messages. */
    public JdbcOutboxSettings withTableName(String tableName) {
        return new JdbcOutboxSettings(tableName, leaseTableName, leaseDuration, timeout, dialect);
    }

    /** These settings with another lease table. */
    public JdbcOutboxSettings withLeaseTableName(String leaseTableName) {
        return new JdbcOutboxSettings(tableName, leaseTableName, leaseDuration, timeout, dialect);
    }

    /** These settings with another lease duration. */
    public JdbcOutboxSettings withLeaseDuration(Duration leaseDuration) {
        return new JdbcOutboxSettings(tableName, leaseTableName, leaseDuration, timeout, dialect);
    }

    /** These settings with another statement timeout. */
    public JdbcOutboxSettings withTimeout(Duration timeout) {
        return new JdbcOutboxSettings(tableName, leaseTableName, leaseDuration, timeout, dialect);
    }

    /** These settings with the dialect given rather than detected. */
    public JdbcOutboxSettings withDialect(JdbcDialect dialect) {
        return new JdbcOutboxSettings(tableName, leaseTableName, leaseDuration, timeout, dialect);
    }
}
