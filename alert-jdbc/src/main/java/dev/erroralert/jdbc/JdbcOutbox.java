package dev.erroralert.jdbc;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.erroralert.delivery.DeliveryException;
import dev.erroralert.delivery.Message;
import dev.erroralert.delivery.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * An {@link Outbox} in a table of the application's database, shared by its instances.
 * <p>
 * Messages are redelivered per destination in the order they were parked (the table's identity column), by one
 * instance at a time. That instance holds the destination's lease, a row of the lease table: it takes the row when
 * it has expired or is its own ({@code UPDATE ... WHERE expires_at_ms <= now OR holder = me}), and inserts it only
 * when there is none yet, so that checking a destination another instance holds never fails a statement (which
 * PostgreSQL would log as an error at every check). Before each message it lets the sender wait
 * ({@link Sender#awaitReady()}), renewing the lease in the background meanwhile, then renews it once more and sends
 * only if it still holds it: a long wait neither frees the destination nor lets two instances send the same message.
 * It frees the lease when done; a lease whose holder died expires after the
 * {@link JdbcOutboxSettings#leaseDuration() lease duration}. Times are the instances' clocks, so the lease duration
 * must exceed their difference.
 * <p>
 * A message is deleted in a transaction of its own as soon as it was sent, so each is delivered exactly once when
 * nothing fails mid-way. An instance that dies, or loses the database, between sending a message and deleting it
 * leaves it parked, and it is sent again: at least once. A message the destination refuses for good is deleted the
 * same way and handed to {@link Sender#refused}, so that it does not block the ones behind it forever.
 * <p>
 * Every statement is bounded by the JDBC query timeout of the settings; waiting for a connection is bounded by the
 * pool. Each write commits in a transaction of its own, so it holds on a pool whose connections do not auto-commit.
 * Nothing touches the database before the first call.
 */
public final class JdbcOutbox implements Outbox {

    private static final Logger logger = LoggerFactory.getLogger(JdbcOutbox.class);

    // The summary column's size; a longer summary is cut, ending in an ellipsis.
    private static final int MAX_SUMMARY_LENGTH = 4000;

    private static final int MAX_DESTINATION_LENGTH = 100;

    // Messages read per query: a few large Slack payloads, not a whole backlog, in memory at once.
    private static final int BATCH_SIZE = 20;

    private static final RowMapper<Parked> PARKED = (row, rowNumber) -> new Parked(row.getLong("id"),
            new Message(row.getString("destination"), row.getString("payload"), row.getString("summary"),
                    row.getInt("alerts")));

    private final DataSource dataSource;

    private final JdbcOutboxSettings settings;

    private final SchemaInitialization schemaInitialization;

    private final JdbcTemplate jdbc;

    private final OwnTransactions transactions;

    // Who this instance is in the lease table; a new one each start, as a restarted instance holds nothing.
    private final String holder = UUID.randomUUID().toString();

    // The lease keeps other instances out; this keeps out a second thread of this one, which holds the same lease.
    private final Set<String> redelivering = ConcurrentHashMap.newKeySet();

    // Renews the leases of destinations whose sender is waiting; its one daemon thread starts on first use and ends
    // when idle, so an outbox needs no closing.
    private final ScheduledThreadPoolExecutor leaseRenewals = new ScheduledThreadPoolExecutor(1, (task) -> {
        Thread thread = new Thread(task, "error-alert-outbox-lease");
        thread.setDaemon(true);
        return thread;
    });

    private final Object schemaLock = new Object();

    private volatile boolean schemaReady;

    /** An outbox on {@code dataSource} with the {@link JdbcOutboxSettings#ofDefaults() default settings}. */
    public JdbcOutbox(DataSource dataSource) {
        this(dataSource, JdbcOutboxSettings.ofDefaults());
    }

    /** An outbox on {@code dataSource}, whose tables exist already. */
    public JdbcOutbox(DataSource dataSource, JdbcOutboxSettings settings) {
        this(dataSource, settings, SchemaInitialization.NEVER);
    }

    /**
     * An outbox that also creates its tables on first use when {@code schemaInitialization} says so for the
     * database it finds; a failed creation is tried again on the next call.
     */
    public JdbcOutbox(DataSource dataSource, JdbcOutboxSettings settings, SchemaInitialization schemaInitialization) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.schemaInitialization = schemaInitialization;
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(JdbcStoreSettings.wholeSecondsAtLeast(settings.timeout()));
        this.transactions = new OwnTransactions(dataSource);
        this.schemaReady = (schemaInitialization == SchemaInitialization.NEVER);
        this.leaseRenewals.setRemoveOnCancelPolicy(true);
        this.leaseRenewals.setKeepAliveTime(1, TimeUnit.MINUTES);
        this.leaseRenewals.allowCoreThreadTimeOut(true);
    }

    /**
     * {@inheritDoc} One insert in a transaction of its own; a summary longer than 4,000 characters is cut.
     *
     * @throws IllegalArgumentException when the destination's name is longer than 100 characters
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public void park(Message message) {
        requireDestination(message.destination());
        createSchemaIfDue();
        transactions.run(() -> jdbc.update("INSERT INTO " + settings.tableName()
                + " (destination, payload, summary, alerts, parked_at_ms) VALUES (?, ?, ?, ?, ?)",
                message.destination(), message.payload(), cut(message.summary()), message.alerts(),
                System.currentTimeMillis()));
    }

    /**
     * {@inheritDoc} Also {@link #HELD_ELSEWHERE} when another instance took the destination over before this one
     * delivered anything, and when another thread of this instance is redelivering it.
     *
     * @throws DeliveryException the failure that stopped redelivery, after the lease was freed
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time; a
     * message sent but not yet deleted then stays parked and goes again later
     */
    @Override
    public int redeliver(String destination, Sender sender) throws DeliveryException {
        requireDestination(destination);
        createSchemaIfDue();
        if (!redelivering.add(destination)) {
            // Another thread of this instance is at it: to the caller, as good as another instance.
            return HELD_ELSEWHERE;
        }
        try {
            if (!acquireLease(destination)) {
                return HELD_ELSEWHERE;
            }
            int delivered;
            try {
                delivered = sendParked(destination, sender);
            }
            catch (DeliveryException | RuntimeException | Error ex) {
                try {
                    releaseLease(destination);
                }
                catch (RuntimeException releaseFailure) {
                    ex.addSuppressed(releaseFailure);
                }
                throw ex;
            }
            try {
                releaseLease(destination);
            }
            catch (RuntimeException ex) {
                // The messages went out and are deleted, so the count stands; the lease expires by itself.
                logger.warn("error-alert: could not free the outbox lease of {}; it expires in {} s", destination,
                        settings.leaseDuration().toSeconds(), ex);
            }
            return delivered;
        }
        finally {
            redelivering.remove(destination);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public long depth(String destination) {
        requireDestination(destination);
        createSchemaIfDue();
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + settings.tableName() + " WHERE destination = ?",
                Long.class, destination);
        return (count != null) ? count : 0;
    }

    private int sendParked(String destination, Sender sender) throws DeliveryException {
        int delivered = 0;
        List<Parked> batch = oldest(destination);
        while (!batch.isEmpty()) {
            for (Parked parked : batch) {
                awaitReadyHoldingTheLease(destination, sender);
                // Renewed after the wait rather than before it, so the lease is fresh for the send. When it was taken
                // over all the same (the database out of reach for longer than the lease), the new holder sends this
                // message and the rest, each once and in order.
                if (!renewLease(destination)) {
                    return (delivered > 0) ? delivered : HELD_ELSEWHERE;
                }
                try {
                    sender.send(parked.message());
                }
                catch (DeliveryException ex) {
                    if (ex.kind() != DeliveryException.Kind.PERMANENT) {
                        throw ex;
                    }
                    // Refused for good: kept, it would stand before every later message forever.
                    delete(parked);
                    sender.refused(parked.message(), ex);
                    continue;
                }
                delete(parked);
                delivered++;
            }
            // From the oldest again rather than after the last id: a message parked by another instance may commit
            // after a younger one was read, and it is not to be left behind.
            batch = oldest(destination);
        }
        return delivered;
    }

    /**
     * Let the sender wait for its pace or a destination's pause, renewing the lease meanwhile: this instance is alive
     * and still redelivering, and a wait longer than the lease must not hand the destination to another instance.
     */
    private void awaitReadyHoldingTheLease(String destination, Sender sender) {
        // A third of the lease, so that a renewal or two may fail or be slow before it expires.
        long periodMillis = Math.max(1, settings.leaseDuration().toMillis() / 3);
        LeaseRenewal renewal = new LeaseRenewal(destination);
        ScheduledFuture<?> renewing = leaseRenewals.scheduleWithFixedDelay(renewal, periodMillis, periodMillis,
                TimeUnit.MILLISECONDS);
        try {
            sender.awaitReady();
        }
        finally {
            renewing.cancel(false);
            renewal.stop();
        }
    }

    private void delete(Parked parked) {
        transactions.run(() -> jdbc.update("DELETE FROM " + settings.tableName() + " WHERE id = ?", parked.id()));
    }

    private List<Parked> oldest(String destination) {
        // LIMIT is understood by PostgreSQL, H2, MySQL and MariaDB alike.
        return jdbc.query("SELECT id, destination, payload, summary, alerts FROM " + settings.tableName()
                + " WHERE destination = ? ORDER BY id LIMIT " + BATCH_SIZE, PARKED, destination);
    }

    private boolean acquireLease(String destination) {
        long now = System.currentTimeMillis();
        long expiresAt = now + settings.leaseDuration().toMillis();
        // The row is locked by the update, and a racing instance's update waits for it, then finds it taken.
        int taken = transactions.run(() -> jdbc.update("UPDATE " + settings.leaseTableName()
                + " SET holder = ?, expires_at_ms = ? WHERE destination = ? AND (expires_at_ms <= ? OR holder = ?)",
                holder, expiresAt, destination, now, holder));
        if (taken == 1) {
            return true;
        }
        // Held by another instance when the row exists. Never an insert then: it would fail on the key at every check,
        // each failure an error line in PostgreSQL's log.
        Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM " + settings.leaseTableName() + " WHERE destination = ?",
                Long.class, destination);
        if (rows != null && rows > 0) {
            return false;
        }
        try {
            transactions.run(() -> jdbc.update("INSERT INTO " + settings.leaseTableName()
                    + " (destination, holder, expires_at_ms) VALUES (?, ?, ?)", destination, holder, expiresAt));
            return true;
        }
        catch (DuplicateKeyException ex) {
            // Another instance inserted it between the check and the insert: only ever the destination's first time.
            return false;
        }
    }

    private boolean renewLease(String destination) {
        long expiresAt = System.currentTimeMillis() + settings.leaseDuration().toMillis();
        // Still this instance's even if it expired meanwhile, as long as no one else took it.
        return transactions.run(() -> jdbc.update("UPDATE " + settings.leaseTableName()
                + " SET expires_at_ms = ? WHERE destination = ? AND holder = ?", expiresAt, destination, holder)) == 1;
    }

    private void releaseLease(String destination) {
        // Expired at 0 rather than now, so an instance whose clock is behind ours can take it at once as well.
        transactions.run(() -> jdbc.update("UPDATE " + settings.leaseTableName()
                + " SET expires_at_ms = 0 WHERE destination = ? AND holder = ?", destination, holder));
    }

    private void createSchemaIfDue() {
        if (schemaReady) {
            return;
        }
        synchronized (schemaLock) {
            if (schemaReady) {
                return;
            }
            JdbcDialect dialect = (settings.dialect() != null) ? settings.dialect() : JdbcDialect.detect(jdbc);
            if (schemaInitialization.appliesTo(dialect)) {
                new JdbcOutboxSchema(dataSource, settings.withDialect(dialect)).create();
            }
            schemaReady = true;
        }
    }

    // Cut to the column's 4,000 characters, the last an ellipsis, when longer.
    private static String cut(String summary) {
        if (summary.length() <= MAX_SUMMARY_LENGTH) {
            return summary;
        }
        int end = MAX_SUMMARY_LENGTH - 1;
        if (Character.isHighSurrogate(summary.charAt(end - 1))) {
            // Never half a character: a lone surrogate is not valid text for the database.
            end--;
        }
        return summary.substring(0, end) + "…";
    }

    private static void requireDestination(String destination) {
        if (destination.isEmpty() || destination.length() > MAX_DESTINATION_LENGTH) {
            throw new IllegalArgumentException("A destination's name is 1 to " + MAX_DESTINATION_LENGTH
                    + " characters, got " + destination.length());
        }
    }

    @Override
    public String toString() {
        return "JdbcOutbox[" + settings.tableName() + "]";
    }

    /**
     * Renews one destination's lease while its sender waits. Stopping waits for a renewal under way, so that none
     * comes after the lease was freed and holds the destination for nothing.
     */
    private final class LeaseRenewal implements Runnable {

        private final String destination;

        private boolean stopped;

        LeaseRenewal(String destination) {
            this.destination = destination;
        }

        @Override
        public synchronized void run() {
            if (stopped) {
                return;
            }
            try {
                renewLease(destination);
            }
            catch (RuntimeException ex) {
                // Tried again next period; the renewal after the wait decides whether the message goes.
                logger.debug("error-alert: could not renew the outbox lease of {} while waiting", destination, ex);
            }
        }

        synchronized void stop() {
            stopped = true;
        }
    }

    /** A message as it waits in the table, with the id that orders it. */
    private record Parked(long id, Message message) {
    }
}
