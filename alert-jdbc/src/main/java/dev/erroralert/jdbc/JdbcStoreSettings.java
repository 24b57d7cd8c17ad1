package dev.erroralert.jdbc;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How the {@link JdbcDedupStore}, the {@link JdbcThreadStore}, the {@link JdbcHistoryStore} and the
 * {@link JdbcMuteStore} reach their tables.
 * Every table name is optionally schema-qualified, and all of them differ.
 *
 * @param tableName the table holding the deduplication state
 * @param timeout the longest a caller of {@link JdbcDedupStore#record} waits, connection included; also, rounded up
 * to whole seconds, the query timeout of the history's and the mutes' statements
 * @param dialect the database's dialect, or {@code null} to detect it on first use
 * @param historyTableName the error history, one row per fingerprint
 * @param historyBatchTableName the ids of the batches applied to the history, which make applying them idempotent
 * @param muteTableName the mutes shared by every instance
 * @param historyEnabled whether the deduplication store writes what it counts, and the alerts sent for it, to the
 * history in the same transaction; off when the history is not wanted, or its tables not created
 * @param quietGrace how long {@link JdbcDedupStore#purgeExpired} keeps an expired record whose occurrences were not
 * all alerted, so that the quiet summary can take it first
 */
public record JdbcStoreSettings(String tableName, Duration timeout, @Nullable JdbcDialect dialect,
        String historyTableName, String historyBatchTableName, String muteTableName, boolean historyEnabled,
        Duration quietGrace) {

    /** The table name used unless configured otherwise. */
    public static final String DEFAULT_TABLE_NAME = "error_alert_state";

    /** The wait used unless configured otherwise: short, as the dispatcher thread is the one waiting. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

    /** The history table unless configured otherwise. */
    public static final String DEFAULT_HISTORY_TABLE_NAME = "error_alert_history";

    /** The applied-batch table unless configured otherwise. */
    public static final String DEFAULT_HISTORY_BATCH_TABLE_NAME = "error_alert_history_batch";

    /** The mute table unless configured otherwise. */
    public static final String DEFAULT_MUTE_TABLE_NAME = "error_alert_mute";

    /** The grace unless configured otherwise: many runs of a summary job, few rows kept. */
    public static final Duration DEFAULT_QUIET_GRACE = Duration.ofHours(1);

    // The name is concatenated into SQL, so this pattern is what keeps it from injecting any.
    private static final Pattern TABLE_NAME = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    // The suffix of the default state table's name, which the thread table's name replaces.
    private static final String STATE_SUFFIX = "_state";

    private static final String THREAD_SUFFIX = "_thread";

    public JdbcStoreSettings {
        requireTableName("tableName", tableName);
        requireTableName("historyTableName", historyTableName);
        requireTableName("historyBatchTableName", historyBatchTableName);
        requireTableName("muteTableName", muteTableName);
        if (timeout == null || timeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeout must be at least 1 ms, got " + timeout);
        }
        if (quietGrace == null || quietGrace.isNegative()) {
            throw new IllegalArgumentException("quietGrace must be 0 or more, got " + quietGrace);
        }
        requireDistinct(Map.of("tableName", tableName, "threadTableName", threadTableName(tableName),
                "historyTableName", historyTableName, "historyBatchTableName", historyBatchTableName,
                "muteTableName", muteTableName));
    }

    /** The state table, timeout and dialect given, and the default history and mute tables. */
    public JdbcStoreSettings(String tableName, Duration timeout, @Nullable JdbcDialect dialect) {
        this(tableName, timeout, dialect, DEFAULT_HISTORY_TABLE_NAME, DEFAULT_HISTORY_BATCH_TABLE_NAME,
                DEFAULT_MUTE_TABLE_NAME, true, DEFAULT_QUIET_GRACE);
    }

    /** The default tables and timeout, the history on, the dialect detected on first use. */
    public static JdbcStoreSettings ofDefaults() {
        return new JdbcStoreSettings(DEFAULT_TABLE_NAME, DEFAULT_TIMEOUT, null);
    }

    /**
     * The table keeping the chat thread of each fingerprint and destination, named after the state table:
     * {@code _state} at its end becomes {@code _thread} ({@code error_alert_state} keeps its threads in
     * {@code error_alert_thread}), any other name gets {@code _thread} appended, cut to 63 characters.
     */
    public String threadTableName() {
        return threadTableName(tableName);
    }

    private static String threadTableName(String tableName) {
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
        return new JdbcStoreSettings(tableName, timeout, dialect, historyTableName, historyBatchTableName,
                muteTableName, historyEnabled, quietGrace);
    }

    /** These settings with another timeout. */
    public JdbcStoreSettings withTimeout(Duration timeout) {
        return new JdbcStoreSettings(tableName, timeout, dialect, historyTableName, historyBatchTableName,
                muteTableName, historyEnabled, quietGrace);
    }

    /** These settings with the dialect given rather than detected. */
    public JdbcStoreSettings withDialect(JdbcDialect dialect) {
        return new JdbcStoreSettings(tableName, timeout, dialect, historyTableName, historyBatchTableName,
                muteTableName, historyEnabled, quietGrace);
    }

    /** These settings with another history table. */
    public JdbcStoreSettings withHistoryTableName(String historyTableName) {
        return new JdbcStoreSettings(tableName, timeout, dialect, historyTableName, historyBatchTableName,
                muteTableName, historyEnabled, quietGrace);
    }

    /** These settings with another applied-batch table. */
    public JdbcStoreSettings withHistoryBatchTableName(String historyBatchTableName) {
        return new JdbcStoreSettings(tableName, timeout, dialect, historyTableName, historyBatchTableName,
                muteTableName, historyEnabled, quietGrace);
    }

    /** These settings with another mute table. */
    public JdbcStoreSettings withMuteTableName(String muteTableName) {
        return new JdbcStoreSettings(tableName, timeout, dialect, historyTableName, historyBatchTableName,
                muteTableName, historyEnabled, quietGrace);
    }

    /** These settings with the deduplication store writing to the history, or not. */
    public JdbcStoreSettings withHistoryEnabled(boolean historyEnabled) {
        return new JdbcStoreSettings(tableName, timeout, dialect, historyTableName, historyBatchTableName,
                muteTableName, historyEnabled, quietGrace);
    }

    /** These settings with another grace for records awaiting their quiet summary. */
    public JdbcStoreSettings withQuietGrace(Duration quietGrace) {
        return new JdbcStoreSettings(tableName, timeout, dialect, historyTableName, historyBatchTableName,
                muteTableName, historyEnabled, quietGrace);
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

    // Two settings naming one table would mix rows of different shapes, or fail only at the first statement.
    private static void requireDistinct(Map<String, String> tables) {
        Map<String, String> propertyByTable = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        new TreeMap<>(tables).forEach((property, table) -> {
            String other = propertyByTable.putIfAbsent(table, property);
            if (other != null) {
                throw new IllegalArgumentException(other + " and " + property + " must differ, both are '" + table
                        + "'");
            }
        });
    }

    // JDBC counts whole seconds; rounded up so the server never ends a statement we are still waiting for.
    static int wholeSecondsAtLeast(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (timeout.toMillis() + 999) / 1000));
    }
}
