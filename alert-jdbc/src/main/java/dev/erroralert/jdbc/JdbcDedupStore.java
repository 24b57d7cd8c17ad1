package dev.erroralert.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.BurningErrors;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.QuietEpisode;
import dev.erroralert.history.QuietEpisodes;
import dev.erroralert.history.Reminder;
import dev.erroralert.jdbc.CountStatement.Counted;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.CountDelta;
import dev.erroralert.store.DedupStore;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * A {@link DedupStore} on a database table, over the application's own {@link DataSource}: each step atomic (one
 * statement, or on MariaDB and MySQL an upsert read back under its lock), so instances sharing the database agree on
 * every count.
 * <p>
 * A caller never waits longer than the {@link JdbcStoreSettings#timeout() timeout}, even while the pool waits
 * for a connection to a dead database: the statement runs on the store's own worker thread. While a statement
 * that outlived its timeout still holds that thread, further calls fail at once instead of queueing behind it.
 * Nothing touches the database before the first call, so an unreachable database does not fail a start-up.
 * <p>
 * Each step commits in a transaction of its own, so its count holds on a pool whose connections do not
 * auto-commit, as is common next to JPA.
 * <p>
 * The {@link JdbcThreadStore} on this store keeps the chat threads in a table of its own
 * ({@link JdbcStoreSettings#threadTableName()}), through the same bounded worker; {@link #purgeExpired} removes the
 * threads no longer read along with the expired records.
 * <p>
 * With the {@link JdbcStoreSettings#historyEnabled() history on}, each step also adds its occurrences to the
 * fingerprint's row of the {@link JdbcHistoryStore history table}, in the step's own transaction: what this store
 * counts reaches the history exactly once, never through a write-back. {@link #recordAlerted} counts the alerts there
 * too.
 * <p>
 * As {@link QuietEpisodes} it keeps, beside each record's count, how many of the episode's occurrences were alerted,
 * and an expired record with occurrences not alerted stays until {@link #takeQuiet} took it (or the
 * {@link JdbcStoreSettings#quietGrace() grace} passed), so that the summary of its episode is sent once. As
 * {@link BurningErrors} it notes on the record when the last reminder of its live episode was claimed.
 */
public final class JdbcDedupStore implements DedupStore, QuietEpisodes, BurningErrors, AutoCloseable {

    private static final String NAME = "jdbc";

    private static final int HOUSEKEEPING_TIMEOUT_SECONDS = 60;

    private final JdbcStoreSettings settings;

    private final StoreDatabase database;

    private final NamedParameterJdbcTemplate jdbc;

    private final JdbcTemplate housekeeping;

    private final OwnTransactions transactions;

    private final ExecutorService worker = Executors.newSingleThreadExecutor((task) -> {
        Thread thread = new Thread(task, "error-alert-jdbc-store");
        thread.setDaemon(true);
        return thread;
    });

    // Prepared on first use by the worker thread, the only thread that reads it.
    private @Nullable CountStatement countStatement;

    // The last step its caller stopped waiting for; until it is done, the worker is taken.
    private volatile @Nullable Future<?> overdue;

    /** A store on {@code dataSource} with the {@link JdbcStoreSettings#ofDefaults() default settings}. */
    public JdbcDedupStore(DataSource dataSource) {
        this(dataSource, JdbcStoreSettings.ofDefaults());
    }

    /** A store on {@code dataSource}, which it only uses from the first {@link #record} on. */
    public JdbcDedupStore(DataSource dataSource, JdbcStoreSettings settings) {
        this(dataSource, settings, SchemaInitialization.NEVER);
    }

    /**
     * A store that also creates its table on first use when {@code schemaInitialization} says so for the database
     * it finds; a failed creation is tried again on the next call.
     */
    public JdbcDedupStore(DataSource dataSource, JdbcStoreSettings settings,
            SchemaInitialization schemaInitialization) {
        this.settings = settings;
        this.database = new StoreDatabase(dataSource, settings, schemaInitialization);
        this.jdbc = database.jdbc();
        this.housekeeping = new JdbcTemplate(dataSource);
        // Not the short timeout of a step, yet bounded: a purge stuck on a lock would hold up the housekeeping thread,
        // and with it the write-back, the mutes and the quiet summaries.
        this.housekeeping.setQueryTimeout(HOUSEKEEPING_TIMEOUT_SECONDS);
        this.transactions = database.transactions();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@inheritDoc} With the history on, the occurrences go to the history in the same transaction as the count, so
     * both happen or neither; {@code details} fill the history row when it has none.
     *
     * @throws QueryTimeoutException when no answer came within the timeout
     * @throws TransientDataAccessResourceException when a statement that timed out still holds the worker
     * @throws org.springframework.dao.DataAccessException when the database failed the statement
     */
    @Override
    public Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
            @Nullable ErrorDetails details) {
        if (delta < 1) {
            throw new IllegalArgumentException("delta must be at least 1, got " + delta);
        }
        MapSqlParameterSource parameters = countParameters(fingerprint, delta, nowMillis, windows);
        MapSqlParameterSource history = settings.historyEnabled()
                ? HistoryRows.parameters(fingerprint, delta, nowMillis, details) : null;
        Counted counted = onWorker(() -> {
            CountStatement statement = countStatement();
            JdbcDialect dialect = database.dialect();
            return transactions.run(() -> {
                Counted step = statement.run(jdbc, parameters);
                if (history != null) {
                    // After the count, like every writer of both rows, so that no two of them wait on each other.
                    dialect.upsertHistory(jdbc, settings.historyTableName(), history);
                }
                return step;
            });
        });
        return new Tally(counted.occurrences() - delta, counted.occurrences(), counted.firstSeenMillis(), NAME);
    }

    /**
     * {@inheritDoc} All in one transaction within the timeout, as one JDBC batch of counting upserts, one read-back of
     * the rows they left and, with the history on, one batch of history upserts (on H2, which runs in the application's
     * process, one statement after the other): the counts and their history all happen or none does. Each count
     * follows the same rule as {@link #record}'s. The earlier alerts the deltas carry are noted after that transaction,
     * in one {@link #recordAlertedAll} batch, best effort.
     *
     * @throws QueryTimeoutException when no answer came within the timeout
     * @throws TransientDataAccessResourceException when a statement that timed out still holds the worker
     * @throws org.springframework.dao.DataAccessException when the database failed a statement
     */
    @Override
    public List<Tally> recordAll(List<CountDelta> deltas, long nowMillis, DedupWindows windows) {
        if (deltas.isEmpty()) {
            return List.of();
        }
        // In the order of their fingerprints, so that instances counting the same errors at once lock their rows in
        // the same order and never wait on each other in a cycle (a deadlock the database would break by failing one).
        List<Integer> order = IntStream.range(0, deltas.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> deltas.get(i).fingerprint().value()))
                .toList();
        List<MapSqlParameterSource> steps = new ArrayList<>(deltas.size());
        SqlParameterSource[] histories = new SqlParameterSource[settings.historyEnabled() ? deltas.size() : 0];
        for (int i : order) {
            CountDelta delta = deltas.get(i);
            steps.add(countParameters(delta.fingerprint(), delta.delta(), nowMillis, windows));
            if (settings.historyEnabled()) {
                histories[steps.size() - 1] = HistoryRows.parameters(delta.fingerprint(), delta.delta(), nowMillis,
                        delta.details());
            }
        }
        List<Counted> counted = onWorker(() -> {
            CountStatement statement = countStatement();
            JdbcDialect dialect = database.dialect();
            return transactions.run(() -> {
                List<Counted> all = statement.runAll(jdbc, steps);
                if (histories.length > 0) {
                    // After every count, like every writer of both rows, so that no two of them wait on each other.
                    dialect.upsertHistories(jdbc, settings.historyTableName(), histories);
                }
                return all;
            });
        });
        Tally[] tallies = new Tally[deltas.size()];
        for (int step = 0; step < order.size(); step++) {
            int i = order.get(step);
            long delta = deltas.get(i).delta();
            Counted after = counted.get(step);
            tallies[i] = new Tally(after.occurrences() - delta, after.occurrences(), after.firstSeenMillis(), NAME);
        }
        noteAlertedBefore(deltas, nowMillis);
        return List.of(tallies);
    }

    private static MapSqlParameterSource countParameters(Fingerprint fingerprint, long delta, long nowMillis,
            DedupWindows windows) {
        return new MapSqlParameterSource()
                .addValue("fingerprint", fingerprint.value())
                .addValue("delta", delta)
                .addValue("now", nowMillis)
                .addValue("freshExpiresAt", nowMillis + windows.ttlMillis(delta))
                .addValue("liveExpiresAt", nowMillis + windows.repeat().toMillis());
    }

    /**
     * {@inheritDoc} In one transaction within the timeout, like {@link #record}: the episode's alerted occurrences
     * grow only while the record is still the one {@code tally} counted in (same first seen), and with the history
     * on, the history row counts the alert and its occurrences.
     *
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public void recordAlerted(Fingerprint fingerprint, Tally tally, long nowMillis) {
        MapSqlParameterSource parameters = new MapSqlParameterSource()
                .addValue("fingerprint", fingerprint.value())
                .addValue("delta", tally.delta())
                .addValue("firstSeen", tally.firstSeenMillis());
        String episode = "UPDATE " + settings.tableName() + " SET alerted = alerted + :delta"
                + " WHERE fingerprint = :fingerprint AND first_seen_ms = :firstSeen";
        // suppressed_count first: it reads alerted_count as it was, on MySQL too, where SET reads assigned values.
        String history = "UPDATE " + settings.historyTableName() + " SET suppressed_count = CASE"
                + " WHEN total_count > alerted_count + :delta THEN total_count - alerted_count - :delta ELSE 0 END,"
                + " alerts_sent = alerts_sent + 1, alerted_count = alerted_count + :delta"
                + " WHERE fingerprint = :fingerprint";
        onWorker(() -> {
            database.dialect();
            return transactions.run(() -> {
                jdbc.update(episode, parameters);
                if (settings.historyEnabled()) {
                    jdbc.update(history, parameters);
                }
                return null;
            });
        });
    }

    /**
     * {@inheritDoc} One query within the timeout, like {@link #record}.
     *
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public OptionalLong liveCount(Fingerprint fingerprint, long nowMillis) {
        MapSqlParameterSource parameters = new MapSqlParameterSource()
                .addValue("fingerprint", fingerprint.value())
                .addValue("now", nowMillis);
        List<Long> counts = onWorker(() -> {
            database.dialect();
            return jdbc.queryForList("SELECT occurrences FROM " + settings.tableName()
                    + " WHERE fingerprint = :fingerprint AND expires_at_ms > :now", parameters, Long.class);
        });
        return counts.isEmpty() ? OptionalLong.empty() : OptionalLong.of(counts.get(0));
    }

    /**
     * {@inheritDoc} Each episode is claimed by deleting its record on the condition that it is still the expired
     * record that was read, counts included; of instances racing for it, only the one whose delete removed the row
     * returns it. An error back before its ended episode was taken starts a new episode in the same row, and the
     * ended one goes unsummarised: the more often this runs, the shorter that gap. Details come from the history row,
     * when the history is on. Runs on the caller's thread, each statement bounded by the query timeout: meant for a
     * schedule, not for the decider's thread.
     *
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public List<QuietEpisode> takeQuiet(long nowMillis, int max) {
        if (max < 1) {
            return List.of();
        }
        database.dialect();
        String details = detailsFromState();
        String candidates = "SELECT state.fingerprint, state.first_seen_ms, state.last_seen_ms, state.occurrences,"
                + " state.alerted" + details
                + " WHERE state.expires_at_ms <= :now AND state.occurrences > state.alerted"
                + " ORDER BY state.expires_at_ms, state.fingerprint LIMIT :max";
        List<QuietEpisode> ended = jdbc.query(candidates,
                new MapSqlParameterSource().addValue("now", nowMillis).addValue("max", max),
                (row, rowNumber) -> new QuietEpisode(new Fingerprint(row.getString("fingerprint")),
                        row.getLong("first_seen_ms"), row.getLong("last_seen_ms"), row.getLong("occurrences"),
                        row.getLong("alerted"), detailsOf(row)));
        String claim = "DELETE FROM " + settings.tableName() + " WHERE fingerprint = :fingerprint"
                + " AND first_seen_ms = :firstSeen AND occurrences = :occurrences AND alerted = :alerted"
                + " AND expires_at_ms <= :now";
        List<QuietEpisode> taken = new ArrayList<>();
        for (QuietEpisode episode : ended) {
            MapSqlParameterSource parameters = new MapSqlParameterSource()
                    .addValue("fingerprint", episode.fingerprint().value())
                    .addValue("firstSeen", episode.firstSeenMillis())
                    .addValue("occurrences", episode.occurrences())
                    .addValue("alerted", episode.alertedOccurrences())
                    .addValue("now", nowMillis);
            // Committed one by one: an episode returned is one this instance's delete removed for good.
            if (transactions.run(() -> jdbc.update(claim, parameters)) == 1) {
                taken.add(withThreads(episode));
            }
        }
        return List.copyOf(taken);
    }

    /**
     * The episode with the threads remembered during it, which the purge keeps while the episode awaits its summary.
     * Read after the claim: the threads are not the claim's to decide, and a failed read only costs the summary its
     * thread.
     */
    private QuietEpisode withThreads(QuietEpisode episode) {
        Map<String, String> threads = new TreeMap<>();
        try {
            jdbc.query("SELECT destination, thread FROM " + settings.threadTableName()
                    + " WHERE fingerprint = :fingerprint AND updated_at_ms >= :firstSeen",
                    new MapSqlParameterSource().addValue("fingerprint", episode.fingerprint().value())
                            .addValue("firstSeen", episode.firstSeenMillis()),
                    (RowCallbackHandler) (row) -> threads.put(row.getString("destination"), row.getString("thread")));
        }
        catch (DataAccessException ex) {
            return episode;
        }
        return new QuietEpisode(episode.fingerprint(), episode.firstSeenMillis(), episode.lastSeenMillis(),
                episode.occurrences(), episode.alertedOccurrences(), episode.details(), threads);
    }

    /**
     * {@inheritDoc} Each reminder is claimed by a conditional update of its record: it notes the claim only while the
     * record is still the live one that was read, with the last reminder that was read, so of instances racing for
     * it only the one whose update changed the row returns it. A reminder noted before the record's first occurrence
     * is of an earlier episode, which reused the row, and does not count. Details come from the history row, when the
     * history is on. Runs on the caller's thread, each statement bounded by the query timeout: meant for a schedule.
     *
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public List<Reminder> claimReminders(long nowMillis, long intervalMillis, int max) {
        if (max < 1) {
            return List.of();
        }
        database.dialect();
        String details = detailsFromState();
        String ofThisEpisode = "state.reminded_at_ms >= state.first_seen_ms";
        String since = "CASE WHEN " + ofThisEpisode + " THEN state.reminded_at_ms ELSE state.first_seen_ms END";
        String countThen = "CASE WHEN " + ofThisEpisode + " THEN state.reminded_count ELSE 0 END";
        String candidates = "SELECT state.fingerprint, state.first_seen_ms, state.occurrences, state.reminded_at_ms, "
                + since + " AS since_ms, " + countThen + " AS count_then" + details
                + " WHERE state.expires_at_ms > :now AND state.occurrences > state.alerted"
                + " AND state.occurrences > " + countThen + " AND " + since + " <= :dueBefore"
                + " ORDER BY state.fingerprint LIMIT :max";
        MapSqlParameterSource query = new MapSqlParameterSource().addValue("now", nowMillis)
                .addValue("dueBefore", nowMillis - intervalMillis).addValue("max", max);
        List<Candidate> due = jdbc.query(candidates, query, (row, rowNumber) -> new Candidate(
                new Reminder(new Fingerprint(row.getString("fingerprint")), row.getLong("first_seen_ms"),
                        row.getLong("since_ms"), nowMillis, row.getLong("occurrences"),
                        row.getLong("occurrences") - row.getLong("count_then"),
                        detailsOf(row)),
                row.getLong("reminded_at_ms")));
        // The count as read, not as it may have grown since: what this reminder did not report, the next one does.
        String claim = "UPDATE " + settings.tableName() + " SET reminded_at_ms = :now, reminded_count = :occurrences"
                + " WHERE fingerprint = :fingerprint AND first_seen_ms = :firstSeen"
                + " AND reminded_at_ms = :remindedAt AND expires_at_ms > :now";
        List<Reminder> claimed = new ArrayList<>();
        for (Candidate candidate : due) {
            Reminder reminder = candidate.reminder();
            MapSqlParameterSource parameters = new MapSqlParameterSource()
                    .addValue("fingerprint", reminder.fingerprint().value())
                    .addValue("firstSeen", reminder.firstSeenMillis())
                    .addValue("occurrences", reminder.occurrences())
                    .addValue("remindedAt", candidate.remindedAtMillis())
                    .addValue("now", nowMillis);
            // Committed one by one: a reminder returned is one this instance's update claimed for good.
            if (transactions.run(() -> jdbc.update(claim, parameters)) == 1) {
                claimed.add(reminder);
            }
        }
        return List.copyOf(claimed);
    }

    /**
     * The end of a select list over the state rows ({@code state}) and the rest of its FROM clause: with the history on,
     * the history row's details too, which {@link #detailsOf} reads back.
     */
    private String detailsFromState() {
        return settings.historyEnabled()
                ? ", history.exception_type, history.sample_message, history.location, history.application,"
                        + " history.environment FROM " + settings.tableName() + " state LEFT JOIN "
                        + settings.historyTableName() + " history ON history.fingerprint = state.fingerprint"
                : " FROM " + settings.tableName() + " state";
    }

    /** The details a row selected with {@link #detailsFromState} carries, when the history is on. */
    private @Nullable ErrorDetails detailsOf(ResultSet row) throws SQLException {
        return settings.historyEnabled() ? HistoryRows.details(row) : null;
    }

    /** A reminder due as read, and the last reminder noted on its row then, which the claim expects unchanged. */
    private record Candidate(Reminder reminder, long remindedAtMillis) {
    }

    /** Connect, detect the dialect (creating the table if so configured) and run {@code SELECT 1}, within the timeout. */
    @Override
    public void probe() {
        onWorker(() -> {
            database.dialect();
            return jdbc.getJdbcTemplate().queryForObject("SELECT 1", Integer.class);
        });
    }

    /**
     * Run {@code work} on the store's worker and wait for it at most the timeout, as the {@link JdbcThreadStore} on
     * this store does too. While a statement that outlived its timeout still holds the worker, fail at once instead
     * of queueing behind it.
     */
    <T> T onWorker(Callable<T> work) {
        Future<?> stillRunning = overdue;
        if (stillRunning != null && !stillRunning.isDone()) {
            throw new TransientDataAccessResourceException("The JDBC store is still running a statement that "
                    + "outlived its timeout of " + settings.timeout().toMillis() + " ms; not queueing behind it");
        }
        long timeoutNanos = settings.timeout().toNanos();
        long deadline = System.nanoTime() + timeoutNanos;
        Future<T> step = worker.submit(() -> {
            // A step queued behind a slow one must not run once its caller has given up on it.
            if (System.nanoTime() - deadline >= 0) {
                throw new QueryTimeoutException("Skipped: the caller stopped waiting before the step started");
            }
            return work.call();
        });
        return await(step, timeoutNanos);
    }

    /**
     * Delete the records that expired at {@code nowMillis}, and the threads {@link JdbcThreadStore#threadOf} no longer
     * reads (their record gone, expired, or begun after them); both would otherwise stay, one per fingerprint ever
     * seen. A record with occurrences not alerted is kept for the {@link JdbcStoreSettings#quietGrace() grace} after it
     * expired, for {@link #takeQuiet} to take. Runs on the caller's thread without the short timeout: meant for a
     * housekeeping schedule.
     *
     * @return how many records were deleted, threads not counted
     */
    public int purgeExpired(long nowMillis) {
        // Never below 0: a grace longer than the epoch would wrap round and delete the records it should keep.
        long graceEnded = nowMillis - Math.min(Math.max(0, nowMillis), settings.quietGrace().toMillis());
        // A step racing with the delete is still right: a dead row and no row count the same. In a transaction of
        // its own for the same reason as a step: a pool that does not auto-commit would undo the delete.
        return transactions.run(() -> {
            // threadOf's condition turned round, so a thread that could still be read is kept. The thread table goes
            // by its name: MariaDB (before 11.6) takes no alias for the table of a single-table DELETE.
            String thread = settings.threadTableName();
            // A thread of an ended episode whose record is kept for its summary is kept as long: the summary goes
            // to it.
            housekeeping.update("DELETE FROM " + thread + " WHERE NOT EXISTS (SELECT 1 FROM " + settings.tableName()
                    + " state WHERE state.fingerprint = " + thread + ".fingerprint"
                    + " AND (state.expires_at_ms > ? OR (state.occurrences > state.alerted AND state.expires_at_ms > ?))"
                    + " AND " + thread + ".updated_at_ms >= state.first_seen_ms)", nowMillis, graceEnded);
            return housekeeping.update("DELETE FROM " + settings.tableName() + " WHERE expires_at_ms <= ?"
                    + " AND (occurrences <= alerted OR expires_at_ms <= ?)", nowMillis, graceEnded);
        });
    }

    /** Stop the worker thread; a statement it is running finishes on its own, later calls are rejected. */
    @Override
    public void close() {
        worker.shutdown();
    }

    private <T> T await(Future<T> step, long timeoutNanos) {
        try {
            return step.get(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            // Not cancelled with an interrupt: some drivers close the connection, H2 even the database, when
            // interrupted mid-statement. The JDBC query timeout ends a slow statement on the server's side.
            overdue = step;
            throw new QueryTimeoutException(
                    "The JDBC store did not answer within " + settings.timeout().toMillis() + " ms", ex);
        }
        catch (InterruptedException ex) {
            overdue = step;
            Thread.currentThread().interrupt();
            throw new QueryTimeoutException("Interrupted while waiting for the JDBC store", ex);
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (ex.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("The JDBC store failed", ex.getCause());
        }
    }

    /** The settings: tables, timeout, and whether the history is on. */
    JdbcStoreSettings settings() {
        return settings;
    }

    /** The database, its dialect detected (and tables created) on first use. */
    StoreDatabase database() {
        return database;
    }

    /** Statements of housekeeping: on the caller's thread, bounded by a long query timeout rather than the step's. */
    JdbcTemplate housekeeping() {
        return housekeeping;
    }

    // On the worker only: the dialect is detected, and the tables created, within the timeout like any step.
    private CountStatement countStatement() {
        CountStatement statement = countStatement;
        if (statement == null) {
            statement = database.dialect().countStatement(settings.tableName());
            countStatement = statement;
        }
        return statement;
    }

    @Override
    public String toString() {
        return "JdbcDedupStore[" + settings.tableName() + "]";
    }
}
