package dev.erroralert.jdbc;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.HistoryDelta;
import dev.erroralert.history.HistoryEntry;
import dev.erroralert.history.HistoryStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The {@link HistoryStore} in two tables of the application's database: the history, one row per fingerprint, and
 * the ids of the batches applied to it ({@link JdbcStoreSettings#historyTableName()},
 * {@link JdbcStoreSettings#historyBatchTableName()}).
 * <p>
 * {@link #apply} inserts the batch's id first and adds its deltas after it, all in one transaction of its own. The
 * id's primary key makes a second application of the batch fail on its first statement, also when the first one is
 * still under way in another transaction: the database then waits for it, and fails the insert once it committed. A
 * failure half-way rolls back the id with the counts, so the batch is applied exactly once however often it is tried.
 * Rows are upserted in the order of their fingerprints, so that instances applying batches at the same time lock rows
 * in one order and never deadlock.
 * <p>
 * Every statement is bounded by the query timeout of the settings (whole seconds); nothing touches the database
 * before the first call.
 */
public final class JdbcHistoryStore implements HistoryStore {

    private static final int MAX_BATCH_ID_LENGTH = 100;

    private final JdbcStoreSettings settings;

    private final NamedParameterJdbcTemplate jdbc;

    private final OwnTransactions transactions;

    private final StoreDatabase database;

    /** A history on {@code dataSource} with the {@link JdbcStoreSettings#ofDefaults() default settings}. */
    public JdbcHistoryStore(DataSource dataSource) {
        this(dataSource, JdbcStoreSettings.ofDefaults());
    }

    /** A history on {@code dataSource}, whose tables exist already. */
    public JdbcHistoryStore(DataSource dataSource, JdbcStoreSettings settings) {
        this(dataSource, settings, SchemaInitialization.NEVER);
    }

    /**
     * A history that also creates the store's tables on first use when {@code schemaInitialization} says so for the
     * database it finds; a failed creation is tried again on the next call.
     */
    public JdbcHistoryStore(DataSource dataSource, JdbcStoreSettings settings,
            SchemaInitialization schemaInitialization) {
        this.settings = settings;
        this.database = new StoreDatabase(dataSource, settings, schemaInitialization);
        this.jdbc = database.jdbc();
        this.transactions = database.transactions();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when {@code batchId} is empty or longer than 100 characters
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time; then
     * nothing of the batch was applied, nor its id recorded
     */
    @Override
    public boolean apply(String batchId, List<HistoryDelta> deltas) {
        Objects.requireNonNull(batchId, "batchId");
        if (batchId.isEmpty() || batchId.length() > MAX_BATCH_ID_LENGTH) {
            throw new IllegalArgumentException("A batch id is 1 to " + MAX_BATCH_ID_LENGTH + " characters, got "
                    + batchId.length());
        }
        List<HistoryDelta> inLockOrder = deltas.stream()
                .sorted(Comparator.comparing((HistoryDelta delta) -> delta.fingerprint().value()))
                .toList();
        JdbcDialect dialect = database.dialect();
        MapSqlParameterSource batch = new MapSqlParameterSource()
                .addValue("batchId", batchId)
                .addValue("now", System.currentTimeMillis());
        try {
            return transactions.run(() -> {
                try {
                    jdbc.update("INSERT INTO " + settings.historyBatchTableName()
                            + " (batch_id, applied_at_ms) VALUES (:batchId, :now)", batch);
                }
                catch (DuplicateKeyException ex) {
                    // Thrown out of the transaction, so it is rolled back: PostgreSQL has aborted it anyway.
                    throw new AlreadyApplied();
                }
                for (HistoryDelta delta : inLockOrder) {
                    dialect.upsertHistory(jdbc, settings.historyTableName(), HistoryRows.parameters(delta));
                }
                return true;
            });
        }
        catch (AlreadyApplied ex) {
            return false;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public List<HistoryEntry> recent(int limit) {
        return select("ORDER BY last_seen_ms DESC, fingerprint LIMIT :limit",
                new MapSqlParameterSource("limit", requireLimit(limit)));
    }

    /**
     * {@inheritDoc}
     *
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public List<HistoryEntry> top(int limit, long sinceMillis) {
        return select("WHERE last_seen_ms >= :since ORDER BY total_count DESC, last_seen_ms DESC, fingerprint"
                + " LIMIT :limit", new MapSqlParameterSource("limit", requireLimit(limit)).addValue("since",
                        sinceMillis));
    }

    /**
     * {@inheritDoc}
     *
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public Optional<HistoryEntry> find(Fingerprint fingerprint) {
        return select("WHERE fingerprint = :fingerprint",
                new MapSqlParameterSource("fingerprint", fingerprint.value())).stream().findFirst();
    }

    /**
     * {@inheritDoc} In one transaction. A batch applied again after its id was purged would count twice, so
     * {@code millis} must lie well before any batch that may still be retried: a retention of days, not minutes.
     *
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public int purgeOlderThan(long millis) {
        database.dialect();
        MapSqlParameterSource before = new MapSqlParameterSource("before", millis);
        return transactions.run(() -> {
            jdbc.update("DELETE FROM " + settings.historyBatchTableName() + " WHERE applied_at_ms < :before", before);
            return jdbc.update("DELETE FROM " + settings.historyTableName() + " WHERE last_seen_ms < :before", before);
        });
    }

    private List<HistoryEntry> select(String condition, MapSqlParameterSource parameters) {
        database.dialect();
        return jdbc.query("SELECT " + HistoryRows.SELECTED + " FROM " + settings.historyTableName() + " " + condition,
                parameters, HistoryRows.ENTRY);
    }

    private static int requireLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 or more, got " + limit);
        }
        return limit;
    }

    @Override
    public String toString() {
        return "JdbcHistoryStore[" + settings.historyTableName() + "]";
    }

    /** The batch's id was recorded before: by an earlier call, or by a transaction that committed meanwhile. */
    private static final class AlreadyApplied extends RuntimeException {

        AlreadyApplied() {
            super(null, null, false, false);
        }
    }
}
