package dev.erroralert.jdbc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.store.ThreadStore;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The {@link ThreadStore} in the database of a {@link JdbcDedupStore}: the chat thread of each fingerprint and
 * destination in a table of its own ({@link JdbcStoreSettings#threadTableName()}), read and written through that
 * store's bounded worker, so a thread's call waits no longer than a step. A thread belongs to one episode of its error,
 * the life of the fingerprint's record: it is read back only while that record is live and if it was remembered since
 * the record began, so an error back after its record expired starts a thread of its own rather than replying in last
 * week's. {@link JdbcDedupStore#purgeExpired} removes the threads no longer read along with the expired records.
 */
public final class JdbcThreadStore implements ThreadStore {

    private final JdbcDedupStore records;

    private final JdbcStoreSettings settings;

    private final StoreDatabase database;

    private final NamedParameterJdbcTemplate jdbc;

    private final OwnTransactions transactions;

    /** Threads beside the records of {@code records}, on its database, its settings and its worker. */
    public JdbcThreadStore(JdbcDedupStore records) {
        this.records = Objects.requireNonNull(records, "records");
        this.settings = records.settings();
        this.database = records.database();
        this.jdbc = database.jdbc();
        this.transactions = database.transactions();
    }

    /**
     * {@inheritDoc} Only while the fingerprint's record is live and for a thread remembered since that record began;
     * one query joining the two tables, within the timeout, like {@link JdbcDedupStore#record}. "Now" and the thread's
     * time are this instance's clock, as the record's times are those of the callers of {@link JdbcDedupStore#record}.
     *
     * @throws IllegalArgumentException when {@code destination} is not 1 to 64 letters, digits, {@code -} or {@code _}
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public Optional<String> threadOf(Fingerprint fingerprint, String destination) {
        MapSqlParameterSource parameters = threadKey(fingerprint, destination)
                .addValue("now", System.currentTimeMillis());
        // A thread older than the record is of an earlier episode of the error: the record expired and began again.
        String sql = "SELECT thread.thread FROM " + settings.threadTableName() + " thread JOIN "
                + settings.tableName() + " state ON state.fingerprint = thread.fingerprint"
                + " WHERE thread.fingerprint = :fingerprint AND thread.destination = :destination"
                + " AND state.expires_at_ms > :now AND thread.updated_at_ms >= state.first_seen_ms";
        List<String> threads = records.onWorker(() -> {
            database.dialect();
            return jdbc.queryForList(sql, parameters, String.class);
        });
        return threads.stream().findFirst();
    }

    /**
     * {@inheritDoc} One upsert in a transaction of its own, within the timeout, like {@link JdbcDedupStore#record}.
     *
     * @throws IllegalArgumentException when {@code destination} is not 1 to 64 letters, digits, {@code -} or
     * {@code _}, or {@code thread} is empty or longer than 64 characters
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public void rememberThread(Fingerprint fingerprint, String destination, String thread) {
        ThreadStore.requireThread(thread);
        MapSqlParameterSource parameters = threadKey(fingerprint, destination)
                .addValue("thread", thread)
                .addValue("now", System.currentTimeMillis());
        records.onWorker(() -> {
            JdbcDialect known = database.dialect();
            return transactions.run(() -> {
                known.rememberThread(jdbc, settings.threadTableName(), parameters);
                return null;
            });
        });
    }

    private static MapSqlParameterSource threadKey(Fingerprint fingerprint, String destination) {
        ThreadStore.requireDestinationName(destination);
        return new MapSqlParameterSource()
                .addValue("fingerprint", fingerprint.value())
                .addValue("destination", destination);
    }

    /**
     * Delete the threads last remembered before {@code millis} (epoch milliseconds), even while their record lives,
     * so that an error going on for long starts a fresh thread now and then; {@link JdbcDedupStore#purgeExpired}
     * already removes the threads no longer read. Runs on the caller's thread without the short timeout: meant for a
     * housekeeping schedule.
     *
     * @return how many threads were deleted
     */
    public int purgeThreadsOlderThan(long millis) {
        return transactions.run(() -> records.housekeeping()
                .update("DELETE FROM " + settings.threadTableName() + " WHERE updated_at_ms < ?", millis));
    }

    @Override
    public String toString() {
        return "JdbcThreadStore[" + settings.threadTableName() + "]";
    }
}
