package dev.erroralert.jdbc;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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
 * it has expired or is its own ({@code UPDATE ... WHERE expires_at_ms <= now OR holder = me}), or inserts it when
 * there is none, racing inserts being settled by the primary key. It renews the lease before each message and
 * frees it when done; a lease whose holder died expires after the {@link JdbcOutboxSettings#leaseDuration() lease
 * duration}. Times are the instances' clocks, so the lease duration must exceed their difference.
 * <p>
 * A message is deleted in a transaction of its own as soon as it was sent, so each is delivered exactly once when
 * nothing fails mid-way. An instance that dies, or loses the database, between sending a message and deleting it
 * leaves it parked, and it is sent again: at least once.
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
     * {@inheritDoc}
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
            return 0;
        }
        try {
            if (!acquireLease(destination)) {
                return 0;
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
                if (!renewLease(destination)) {
                    // Held past its duration (a slow send) and taken over: the new holder sends the rest.
                    return delivered;
                }
                sender.send(parked.message());
                transactions.run(() -> jdbc.update("DELETE FROM " + settings.tableName() + " WHERE id = ?",
                        parked.id()));
                delivered++;
            }
            // From the oldest again rather than after the last id: a message parked by another instance may commit
            // after a younger one was read, and it is not to be left behind.
            batch = oldest(destination);
        }
        return delivered;
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
        try {
            transactions.run(() -> jdbc.update("INSERT INTO " + settings.leaseTableName()
                    + " (destination, holder, expires_at_ms) VALUES (?, ?, ?)", destination, holder, expiresAt));
            return true;
        }
        catch (DuplicateKeyException ex) {
            // The row exists: another instance holds the destination, or inserted it first a moment ago.
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

    /** A message as it waits in the table, with the id that orders it. */
    private record Parked(long id, Message message) {
    }
}
