package dev.erroralert.jdbc;

import java.sql.DatabaseMetaData;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * The databases the {@link JdbcDedupStore}, the {@link JdbcThreadStore}, the {@link JdbcHistoryStore}, the
 * {@link JdbcMuteStore} and the {@link JdbcOutbox} speak to, each with its schema scripts and the statements that differ between them: the atomic
 * counting step and the upserts of a chat thread, a history row and a mute. Everything else is SQL they all share.
 * <p>
 * In every dialect a record whose {@code expires_at_ms} is not after {@code now} is dead: the step resets it
 * as if it did not exist. The {@code SET} expressions read the row as it was before the statement, as SQL
 * specifies; MariaDB and MySQL read values already assigned, so there {@code expires_at_ms} goes last.
 */
public enum JdbcDialect {

    /** PostgreSQL: one {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING}, atomic across connections. */
    POSTGRESQL("PostgreSQL", "schema.sql", "outbox-postgresql.sql", false) {
        @Override
        CountStatement countStatement(String tableName) {
            String upsert = """
                    INSERT INTO %s AS stored (fingerprint, occurrences, first_seen_ms, last_seen_ms, expires_at_ms)
                    VALUES (:fingerprint, :delta, :now, :now, :freshExpiresAt)
                    ON CONFLICT (fingerprint) DO UPDATE SET %s
                    """.formatted(tableName, CountStatement.UPDATE_STORED);
            String returning = upsert + "RETURNING occurrences, first_seen_ms\n";
            return new BatchedCountStatement(
                    (jdbc, parameters) -> jdbc.queryForObject(returning, parameters, CountStatement.COUNTED), upsert,
                    tableName);
        }

        @Override
        void rememberThread(NamedParameterJdbcOperations jdbc, String threadTable, SqlParameterSource parameters) {
            jdbc.update("""
                    INSERT INTO %s (fingerprint, destination, thread, updated_at_ms)
                    VALUES (:fingerprint, :destination, :thread, :now)
                    ON CONFLICT (fingerprint, destination)
                    DO UPDATE SET thread = EXCLUDED.thread, updated_at_ms = EXCLUDED.updated_at_ms
                    """.formatted(threadTable), parameters);
        }

        @Override
        void upsertHistory(NamedParameterJdbcOperations jdbc, String historyTable, SqlParameterSource parameters) {
            jdbc.update(historyUpsert(historyTable), parameters);
        }

        @Override
        void upsertHistories(NamedParameterJdbcOperations jdbc, String historyTable, SqlParameterSource[] rows) {
            jdbc.batchUpdate(historyUpsert(historyTable), rows);
        }

        private String historyUpsert(String historyTable) {
            return """
                    INSERT INTO %s AS stored (%s)
                    VALUES (%s)
                    ON CONFLICT (fingerprint) DO UPDATE SET %s
                    """.formatted(historyTable, HistoryRows.COLUMNS, HistoryRows.INSERTED, HistoryRows.UPDATE_STORED);
        }

        @Override
        void upsertMute(NamedParameterJdbcOperations jdbc, String muteTable, SqlParameterSource parameters) {
            jdbc.update("""
                    INSERT INTO %s (target, until_ms, updated_at_ms) VALUES (:target, :until, :now)
                    ON CONFLICT (target)
                    DO UPDATE SET until_ms = EXCLUDED.until_ms, updated_at_ms = EXCLUDED.updated_at_ms
                    """.formatted(muteTable), parameters);
        }
    },

    /**
     * H2: one {@code MERGE} read back through {@code FINAL TABLE}; the update locks the row. Two connections
     * inserting the same new fingerprint at once make one fail on the key, and it then finds the row.
     */
    H2("H2", "schema.sql", "outbox-h2.sql", true) {
        @Override
        CountStatement countStatement(String tableName) {
            String sql = """
                    SELECT occurrences, first_seen_ms FROM FINAL TABLE (
                        MERGE INTO %s AS stored
                        USING (VALUES (CAST(:fingerprint AS VARCHAR(32)))) AS incoming (fingerprint)
                        ON stored.fingerprint = incoming.fingerprint
                        WHEN MATCHED THEN UPDATE SET %s
                        WHEN NOT MATCHED THEN INSERT (fingerprint, occurrences, first_seen_ms, last_seen_ms,
                                expires_at_ms)
                            VALUES (incoming.fingerprint, :delta, :now, :now, :freshExpiresAt)
                    )
                    """.formatted(tableName, CountStatement.UPDATE_STORED);
            return (jdbc, parameters) -> {
                try {
                    return jdbc.queryForObject(sql, parameters, CountStatement.COUNTED);
                }
                catch (DuplicateKeyException ex) {
                    // Another connection inserted this fingerprint after our MERGE found none: now it matches.
                    // Still in the step's transaction, which H2 keeps going: it undoes only the failed statement.
                    return jdbc.queryForObject(sql, parameters, CountStatement.COUNTED);
                }
            };
        }

        @Override
        void rememberThread(NamedParameterJdbcOperations jdbc, String threadTable, SqlParameterSource parameters) {
            String sql = """
                    MERGE INTO %s (fingerprint, destination, thread, updated_at_ms) KEY (fingerprint, destination)
                    VALUES (:fingerprint, :destination, :thread, :now)
                    """.formatted(threadTable);
            mergeRetryingOnTheKey(jdbc, sql, parameters);
        }

        @Override
        void upsertHistory(NamedParameterJdbcOperations jdbc, String historyTable, SqlParameterSource parameters) {
            mergeRetryingOnTheKey(jdbc, """
                    MERGE INTO %s AS stored
                    USING (VALUES (CAST(:fingerprint AS VARCHAR(32)))) AS incoming (fingerprint)
                    ON stored.fingerprint = incoming.fingerprint
                    WHEN MATCHED THEN UPDATE SET %s
                    WHEN NOT MATCHED THEN INSERT (%s) VALUES (%s)
                    """.formatted(historyTable, HistoryRows.UPDATE_STORED, HistoryRows.COLUMNS, HistoryRows.INSERTED),
                    parameters);
        }

        @Override
        void upsertMute(NamedParameterJdbcOperations jdbc, String muteTable, SqlParameterSource parameters) {
            mergeRetryingOnTheKey(jdbc, """
                    MERGE INTO %s (target, until_ms, updated_at_ms) KEY (target) VALUES (:target, :until, :now)
                    """.formatted(muteTable), parameters);
        }

        private void mergeRetryingOnTheKey(NamedParameterJdbcOperations jdbc, String sql,
                SqlParameterSource parameters) {
            try {
                jdbc.update(sql, parameters);
            }
            catch (DuplicateKeyException ex) {
                // As in the counting step: another connection inserted the row first; now the MERGE updates it.
                jdbc.update(sql, parameters);
            }
        }
    },

    /**
     * MariaDB and MySQL (whose driver reports {@code MySQL}): {@code INSERT ... ON DUPLICATE KEY UPDATE}, then the row
     * read back in the same transaction. The insert or update locks the row until the transaction commits, so no
     * other connection's step comes between the two statements; neither database returns the row of an upsert.
     */
    MARIADB("MariaDB", "schema-mariadb.sql", "outbox-mariadb.sql", false, "MySQL") {
        @Override
        CountStatement countStatement(String tableName) {
            // An INSERT cannot alias its table: the expressions name the stored row's columns alone. They read the
            // values assigned before them, which UPDATE_STORED allows for by assigning expires_at_ms last.
            String upsert = """
                    INSERT INTO %s (fingerprint, occurrences, first_seen_ms, last_seen_ms, expires_at_ms)
                    VALUES (:fingerprint, :delta, :now, :now, :freshExpiresAt)
                    ON DUPLICATE KEY UPDATE %s
                    """.formatted(tableName, CountStatement.UPDATE_STORED.replace("stored.", ""));
            String readBack = "SELECT occurrences, first_seen_ms FROM %s WHERE fingerprint = :fingerprint"
                    .formatted(tableName);
            return new BatchedCountStatement((jdbc, parameters) -> {
                jdbc.update(upsert, parameters);
                return jdbc.queryForObject(readBack, parameters, CountStatement.COUNTED);
            }, upsert, tableName);
        }

        @Override
        void rememberThread(NamedParameterJdbcOperations jdbc, String threadTable, SqlParameterSource parameters) {
            // The parameters again rather than VALUES(), which MySQL deprecates, or a row alias, which MariaDB lacks.
            jdbc.update("""
                    INSERT INTO %s (fingerprint, destination, thread, updated_at_ms)
                    VALUES (:fingerprint, :destination, :thread, :now)
                    ON DUPLICATE KEY UPDATE thread = :thread, updated_at_ms = :now
                    """.formatted(threadTable), parameters);
        }

        @Override
        void upsertHistory(NamedParameterJdbcOperations jdbc, String historyTable, SqlParameterSource parameters) {
            jdbc.update(historyUpsert(historyTable), parameters);
        }

        @Override
        void upsertHistories(NamedParameterJdbcOperations jdbc, String historyTable, SqlParameterSource[] rows) {
            jdbc.batchUpdate(historyUpsert(historyTable), rows);
        }

        private String historyUpsert(String historyTable) {
            // As in the counting step, no alias: HistoryRows.UPDATE_STORED is ordered for MySQL's reading of values
            // already assigned.
            return """
                    INSERT INTO %s (%s)
                    VALUES (%s)
                    ON DUPLICATE KEY UPDATE %s
                    """.formatted(historyTable, HistoryRows.COLUMNS, HistoryRows.INSERTED,
                    HistoryRows.UPDATE_STORED.replace("stored.", ""));
        }

        @Override
        void upsertMute(NamedParameterJdbcOperations jdbc, String muteTable, SqlParameterSource parameters) {
            jdbc.update("""
                    INSERT INTO %s (target, until_ms, updated_at_ms) VALUES (:target, :until, :now)
                    ON DUPLICATE KEY UPDATE until_ms = :until, updated_at_ms = :now
                    """.formatted(muteTable), parameters);
        }
    };

    private final String productName;

    private final String schemaResource;

    private final String outboxSchemaResource;

    private final boolean embedded;

    private final List<String> otherProductNames;

    JdbcDialect(String productName, String schemaResource, String outboxSchemaResource, boolean embedded,
            String... otherProductNames) {
        this.productName = productName;
        this.schemaResource = schemaResource;
        this.outboxSchemaResource = outboxSchemaResource;
        this.embedded = embedded;
        this.otherProductNames = List.of(otherProductNames);
    }

    /**
     * The dialect of a database, by the product name its driver reports.
     *
     * @throws IllegalArgumentException when the product is not supported, naming it
     */
    public static JdbcDialect forProductName(String productName) {
        for (JdbcDialect dialect : values()) {
            if (dialect.productNames().anyMatch(productName.trim()::equalsIgnoreCase)) {
                return dialect;
            }
        }
        String supported = Arrays.stream(values()).flatMap(JdbcDialect::productNames)
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("The error-alert JDBC store does not support the database '"
                + productName + "'; supported are " + supported);
    }

    /** The dialect of the database behind {@code dataSource}, which this opens a connection to. */
    public static JdbcDialect detect(DataSource dataSource) {
        return detect(new JdbcTemplate(dataSource));
    }

    static JdbcDialect detect(JdbcOperations jdbc) {
        String productName = jdbc.execute(
                (ConnectionCallback<String>) (connection) -> connection.getMetaData().getDatabaseProductName());
        return forProductName(String.valueOf(productName));
    }

    /** Whether databases of this dialect usually run inside the application, as H2 does. */
    public boolean isEmbedded() {
        return embedded;
    }

    /** The product name the database's driver reports, as {@link DatabaseMetaData} gives it. */
    public String productName() {
        return productName;
    }

    // Every name a driver may report for a database of this dialect, the main one first.
    private Stream<String> productNames() {
        return Stream.concat(Stream.of(productName), otherProductNames.stream());
    }

    /** The classpath resource, beside this class, that creates the store's tables, with placeholders for names. */
    String schemaResource() {
        return schemaResource;
    }

    /** The classpath resource, beside this class, that creates the outbox's tables, with placeholders for names. */
    String outboxSchemaResource() {
        return outboxSchemaResource;
    }

    /** The counting step on {@code tableName}, a name already validated as an identifier. */
    abstract CountStatement countStatement(String tableName);

    /**
     * Insert or replace the row of {@code fingerprint} and {@code destination} in {@code threadTable}, a name already
     * validated, setting {@code thread} and {@code updated_at_ms} to {@code now}.
     */
    abstract void rememberThread(NamedParameterJdbcOperations jdbc, String threadTable, SqlParameterSource parameters);

    /**
     * Add one fingerprint's counts to its row of {@code historyTable}, a name already validated, inserting the row
     * when there is none: {@link HistoryRows#COLUMNS} set to {@link HistoryRows#INSERTED}, or
     * {@link HistoryRows#UPDATE_STORED} applied to the row as {@code stored}. Atomic against other connections doing
     * the same, within the caller's transaction.
     */
    abstract void upsertHistory(NamedParameterJdbcOperations jdbc, String historyTable, SqlParameterSource parameters);

    /**
     * {@link #upsertHistory} for several rows, in order, within the caller's transaction: as one JDBC batch where the
     * upsert is one statement; one after the other on H2, whose upsert retries on the key (a batch would stop at the
     * first failure) and which runs in the application's own process, where a round trip costs little.
     */
    void upsertHistories(NamedParameterJdbcOperations jdbc, String historyTable, SqlParameterSource[] rows) {
        for (SqlParameterSource row : rows) {
            upsertHistory(jdbc, historyTable, row);
        }
    }

    /**
     * Insert or replace the row of {@code target} in {@code muteTable}, a name already validated, setting
     * {@code until_ms} to {@code until} and {@code updated_at_ms} to {@code now}.
     */
    abstract void upsertMute(NamedParameterJdbcOperations jdbc, String muteTable, SqlParameterSource parameters);
}
