package dev.erroralert.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.erroralert.delivery.DeliveryException;
import dev.erroralert.delivery.Message;
import dev.erroralert.delivery.Outbox;
import dev.erroralert.testsupport.OutboxContractTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The outbox contract on each database, and what only the {@link JdbcOutbox} does: its lease row (held, expired,
 * taken over, renewed), its columns' limits, a pool that does not auto-commit. Every outbox on a DataSource of its
 * own as separate application instances would have.
 */
abstract class JdbcOutboxContractTests extends OutboxContractTests {

    // Closed after each test, newest first.
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A DataSource of its own on the test database, as another application instance would have. */
    protected abstract DataSource newDataSource();

    /** The JDBC URL of the test database, for a pool. */
    protected abstract String jdbcUrl();

    /** How many sessions of the test database wait for a lock another one holds. */
    protected abstract long sessionsWaitingForALock(JdbcTemplate jdbc);

    @BeforeEach
    void createTables() {
        new JdbcOutboxSchema(newDataSource()).create();
    }

    @AfterEach
    void closeWhatTheTestOpened() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** An outbox of another application instance. */
    @Override
    protected JdbcOutbox newOutbox() {
        return new JdbcOutbox(newDataSource());
    }

    <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }

    @Test
    void destinationHeldByAnotherLiveInstanceIsHeldElsewhereAndNothingIsSent() throws DeliveryException {
        JdbcOutbox outbox = newOutbox();
        park(outbox, 3);
        insertLease("instance-still-running", System.currentTimeMillis() + 60_000);
        List<Message> sent = new ArrayList<>();

        int delivered = outbox.redeliver(destination, sent::add);

        assertThat(delivered).as("not 0, which would say nothing is parked").isEqualTo(Outbox.HELD_ELSEWHERE);
        assertThat(sent).isEmpty();
        assertThat(outbox.depth(destination)).isEqualTo(3);
    }

    @Test
    void destinationHeldElsewhereIsCheckedWithoutAFailingInsert() throws DeliveryException {
        park(newOutbox(), 1);
        insertLease("instance-still-running", System.currentTimeMillis() + 60_000);
        StatementRecordingDataSource dataSource = new StatementRecordingDataSource(newDataSource());
        JdbcOutbox outbox = new JdbcOutbox(dataSource);

        assertThat(outbox.redeliver(destination, (message) -> {
        })).isEqualTo(Outbox.HELD_ELSEWHERE);
        assertThat(outbox.redeliver(destination, (message) -> {
        })).isEqualTo(Outbox.HELD_ELSEWHERE);

        // An insert would fail on the lease's key each time, in PostgreSQL an error line in the server's log.
        assertThat(dataSource.statements).isNotEmpty().noneMatch((sql) -> sql.startsWith("INSERT"));
    }

    @Test
    void waitLongerThanTheLeaseDoesNotLetASecondInstanceTakeOver() throws DeliveryException {
        JdbcOutboxSettings oneSecondLease = JdbcOutboxSettings.ofDefaults().withLeaseDuration(Duration.ofSeconds(1));
        JdbcOutbox first = new JdbcOutbox(newDataSource(), oneSecondLease);
        JdbcOutbox second = new JdbcOutbox(newDataSource(), oneSecondLease);
        List<Message> parked = park(first, 3);
        List<Message> sent = new ArrayList<>();
        List<Integer> secondResults = new ArrayList<>();

        int delivered = first.redeliver(destination, new Outbox.Sender() {
            @Override
            public void awaitReady() {
                if (sent.isEmpty()) {
                    // A pace or a Retry-After twice the lease; the second instance starts once the lease would have
                    // expired, had it not been renewed meanwhile.
                    sleep(Duration.ofSeconds(2));
                    secondResults.add(redeliverQuietly(second, sent::add));
                }
            }

            @Override
            public void send(Message message) {
                sent.add(message);
            }
        });

        assertThat(secondResults).containsExactly(Outbox.HELD_ELSEWHERE);
        assertThat(delivered).isEqualTo(3);
        assertThat(sent).as("each once, in order").containsExactlyElementsOf(parked);
    }

    @Test
    void expiredLeaseOfADeadHolderIsTakenOver() throws DeliveryException {
        JdbcOutbox outbox = newOutbox();
        List<Message> parked = park(outbox, 3);
        insertLease("instance-that-crashed", System.currentTimeMillis() - 1);
        List<Message> sent = new ArrayList<>();

        int delivered = outbox.redeliver(destination, sent::add);

        assertThat(delivered).isEqualTo(3);
        assertThat(sent).containsExactlyElementsOf(parked);
    }

    @Test
    void leaseTakenOverMidwayStopsRedeliveryBeforeTheNextMessage() throws DeliveryException {
        JdbcOutbox outbox = newOutbox();
        List<Message> parked = park(outbox, 3);
        JdbcTemplate otherInstance = new JdbcTemplate(newDataSource());
        List<Message> sent = new ArrayList<>();

        // As if the first send outlived the lease and another instance took the destination meanwhile.
        int delivered = outbox.redeliver(destination, (message) -> {
            sent.add(message);
            otherInstance.update("UPDATE error_alert_outbox_lease SET holder = 'faster-instance', expires_at_ms = ? "
                    + "WHERE destination = ?", System.currentTimeMillis() + 60_000, destination);
        });

        assertThat(delivered).isEqualTo(1);
        assertThat(sent).containsExactly(parked.get(0));
        assertThat(outbox.depth(destination)).isEqualTo(2);
        assertThat(otherInstance.queryForObject("SELECT holder FROM error_alert_outbox_lease WHERE destination = ?",
                String.class, destination)).as("the new holder's lease was left as it was").isEqualTo("faster-instance");
    }

    @Test
    void instanceTakingAnExpiredLeaseWhileAnotherIsTakingItWaitsAndBacksOff() throws Exception {
        JdbcOutbox outbox = newOutbox();
        park(outbox, 2);
        insertLease("instance-that-crashed", System.currentTimeMillis() - 1);
        JdbcTemplate observer = new JdbcTemplate(newDataSource());
        long waitingBefore = sessionsWaitingForALock(observer);
        try (Connection otherInstance = newDataSource().getConnection()) {
            otherInstance.setAutoCommit(false);
            try (PreparedStatement take = otherInstance.prepareStatement("UPDATE error_alert_outbox_lease "
                    + "SET holder = 'other-instance', expires_at_ms = ? WHERE destination = ?")) {
                take.setLong(1, System.currentTimeMillis() + 60_000);
                take.setString(2, destination);
                take.executeUpdate();
            }

            // Its update of the row waits for the other instance's, then finds the lease taken.
            CompletableFuture<Integer> redelivery = CompletableFuture.supplyAsync(() -> {
                try {
                    return outbox.redeliver(destination, (message) -> {
                    });
                }
                catch (DeliveryException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            await().until(() -> sessionsWaitingForALock(observer) > waitingBefore);
            otherInstance.commit();

            assertThat(redelivery.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(Outbox.HELD_ELSEWHERE);
        }
        assertThat(outbox.depth(destination)).isEqualTo(2);
    }

    @Test
    void summaryLongerThanTheColumnIsCutToFourThousandCharactersNeverHalfACharacter() throws DeliveryException {
        JdbcOutbox outbox = newOutbox();
        outbox.park(new Message(destination, "{}", "x".repeat(5_000), 1));
        // An emoji is two chars in Java; cutting between them would leave text the database cannot store.
        outbox.park(new Message(destination, "{}", "x".repeat(3_998) + "\uD83D\uDD25" + "y".repeat(5_000), 1));
        List<Message> sent = new ArrayList<>();

        outbox.redeliver(destination, sent::add);

        assertThat(sent).extracting(Message::summary).containsExactly("x".repeat(3_999) + "…",
                "x".repeat(3_998) + "…");
    }

    @Test
    void destinationLongerThanTheColumnIsRejected() {
        JdbcOutbox outbox = newOutbox();

        assertThatIllegalArgumentException().isThrownBy(() -> outbox.park(new Message("d".repeat(101), "{}", "", 1)))
                .withMessageContaining("100");
    }

    @Test
    void parksAndDeletesHoldOnAPoolThatDoesNotAutoCommit() throws DeliveryException {
        HikariDataSource pool = open(new HikariDataSource());
        pool.setJdbcUrl(jdbcUrl());
        pool.setAutoCommit(false);
        JdbcOutbox outbox = new JdbcOutbox(pool);
        JdbcOutbox otherInstance = newOutbox();

        List<Message> parked = park(outbox, 3);
        assertThat(otherInstance.depth(destination)).as("parked for good").isEqualTo(3);

        List<Message> sent = new ArrayList<>();
        assertThat(outbox.redeliver(destination, sent::add)).isEqualTo(3);
        assertThat(sent).containsExactlyElementsOf(parked);
        assertThat(otherInstance.depth(destination)).as("deleted for good").isZero();
        assertThat(new JdbcTemplate(newDataSource()).queryForObject(
                "SELECT expires_at_ms FROM error_alert_outbox_lease WHERE destination = ?", Long.class, destination))
                .isZero();
    }

    void insertLease(String holder, long expiresAtMillis) {
        new JdbcTemplate(newDataSource()).update(
                "INSERT INTO error_alert_outbox_lease (destination, holder, expires_at_ms) VALUES (?, ?, ?)",
                destination, holder, expiresAtMillis);
    }

    private int redeliverQuietly(JdbcOutbox outbox, Outbox.Sender sender) {
        try {
            return outbox.redeliver(destination, sender);
        }
        catch (DeliveryException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
