package dev.erroralert.jdbc;

import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How the {@link JdbcDedupStore} reaches its table.
 *
 * @param tableName the table holding the deduplication state, optionally schema-qualified
 * @param timeout the longest a caller of {@link JdbcDedupStore#record} waits, connection included
 * @param dialect the database's dialect, or {@code null} to detect it on first use
 */
public record JdbcStoreSettings(String tableName, Duration timeout, @Nullable JdbcDialect dialect) {

    /** The table name used unless configured otherwise. */
    public static final String DEFAULT_TABLE_NAME = "error_alert_state";

    /** The wait used unless configured otherwise: short, as the dispatcher thread is the one waiting. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

    // The name is concatenated into SQL, so this pattern is what keeps it from injecting any.
    private static final Pattern TABLE_NAME = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    public JdbcStoreSettings {
        if (tableName == null || !TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException("tableName must be a table name, optionally schema-qualified: "
                    + "letters, digits and underscores, not starting with a digit, at most 63 characters a part; "
                    + "got '" + tableName + "'");
        }
        if (timeout == null || timeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeout must be at least 1 ms, got " + timeout);
        }
    }

    /** The default table name and timeout, the dialect detected on first use. */
    public static JdbcStoreSettings ofDefaults() {
        return new JdbcStoreSettings(DEFAULT_TABLE_NAME, DEFAULT_TIMEOUT, null);
    }

    /** These settings with another table name. */
    public JdbcStoreSettings withTableName(String tableName) {
        return new JdbcStoreSettings(tableName, timeout, dialect);
    }

    /** These settings with another timeout. */
    public JdbcStoreSettings withTimeout(Duration timeout) {
        return new JdbcStoreSettings(tableName, timeout, dialect);
    }

    /** These settings with the dialect given rather than detected. */
    public JdbcStoreSettings withDialect(JdbcDialect dialect) {
        return new JdbcStoreSettings(tableName, timeout, dialect);
    }
}
