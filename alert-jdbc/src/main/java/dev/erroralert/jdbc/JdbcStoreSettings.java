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

    // The suffix of the default state table's name, which the thread table's name replaces.
    private static final String STATE_SUFFIX = "_state";

    private static final String THREAD_SUFFIX = "_thread";

    public JdbcStoreSettings {
        requireTableName("tableName", tableName);
        if (timeout == null || timeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeout must be at least 1 ms, got " + timeout);
        }
    }

    /** The default table name and timeout, the dialect detected on first use. */
    public static JdbcStoreSettings ofDefaults() {
        return new JdbcStoreSettings(DEFAULT_TABLE_NAME, DEFAULT_TIMEOUT, null);
    }

    /**
     * The table keeping the chat thread of each fingerprint and destination, named after the state table:
     * {@code _state} at its end becomes {@code _thread} ({@code error_alert_state} keeps its threads in
     * {@code error_alert_thread}), any other name gets {@code _thread} appended, cut to 63 characters.
     */
    public String threadTableName() {
        int dot = tableName.indexOf('.');
        String schema = tableName.substring(0, dot + 1);
        String table = tableName.substring(dot + 1);
        String base = table.endsWith(STATE_SUFFIX) ? table.substring(0, table.length() - STATE_SUFFIX.length())
                : table;
        String threadTable = JdbcSchema.cutName(base, THREAD_SUFFIX);
        if (threadTable.equals(table)) {
            // A 63-character name ending in _thread is cut to itself; one character shorter keeps the two apart.
            threadTable = table.substring(0, table.length() - THREAD_SUFFIX.length() - 1) + THREAD_SUFFIX;
        }
        return schema + threadTable;
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

    /**
     * Check that {@code value}, the setting {@code property}, is a plain table name that may go into SQL as it is.
     *
     * @throws IllegalArgumentException naming the property and the value
     */
    static String requireTableName(String property, @Nullable String value) {
        if (value == null || !TABLE_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(property + " must be a table name, optionally schema-qualified: "
                    + "letters, digits and underscores, not starting with a digit, at most 63 characters a part; "
                    + "got '" + value + "'");
        }
        return value;
    }

    // JDBC counts whole seconds; rounded up so the server never ends a statement we are still waiting for.
    static int wholeSecondsAtLeast(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (timeout.toMillis() + 999) / 1000));
    }
}
