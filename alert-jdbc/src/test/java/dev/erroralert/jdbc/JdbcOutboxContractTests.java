package dev.erroralert.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.erroralert.delivery.DeliveryException;
import dev.erroralert.delivery.Message;
import dev.erroralert.delivery.Outbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour of the {@link JdbcOutbox} on each database, every outbox on a DataSource of its own as separate
 * application instances would have. Each test parks for a destination of its own, so the tables are shared.
 */
abstract class JdbcOutboxContractTests {

    // Only a guard so that a broken lease fails the test instead of hanging it.
    private static final long HANG_GUARD_SECONDS = 10;

    // Closed after each test, newest first.
    private final List<AutoCloseable> opened = new ArrayList<>();

    private final String destination = "dest-" + UUID.randomUUID().toString().substring(0, 8);

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
    JdbcOutbox newOutbox() {
        return new JdbcOutbox(newDataSource());
    }

    <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }

    Message message(int number) {
        return new Message(destination, "{\"text\":\"alert " + number + "\"}", "alert " + number, 1);
    }

    List<Message> park(Outbox outbox, int count) {
        List<Message> parked = new ArrayList<>();
        for (int number = 1; number <= count; number++) {
            Message message = message(number);
            outbox.park(message);
            parked.add(message);
        }
        return parked;
    }

    @Test
    void parkedMessagesAreRedeliveredOldestFirstAndRemoved() throws DeliveryException {
        JdbcOutbox outbox = newOutbox();
        List<Message> parked = park(outbox, 45);
        List<Message> sent = new ArrayList<>();

        int delivered = outbox.redeliver(destination, sent::add);

        assertThat(delivered).isEqualTo(45);
        assertThat(sent).containsExactlyElementsOf(parked);
        assertThat(outbox.depth(destination)).isZero();
        assertThat(outbox.redeliver(destination, sent::add)).as("nothing left to send").isZero();
    }

    @Test
    void redeliveredMessageIsTheParkedOneInFull() throws DeliveryException {
        JdbcOutbox outbox = newOutbox();
        Message digest = new Message(destination, "{\"blocks\":\"" + "é".repeat(100_000) + "\"}",
                "7 new errors in the last 5 s", 7);
        outbox.park(digest);
        List<Message> sent = new ArrayList<>();

        newOutbox().redeliver(destination, sent::add);

        assertThat(sent).containsExactly(digest);
    }

    @Test
    void failingSenderStopsRedeliveryAndTheRestWaitsInOrderForTheNextCall() throws DeliveryException {
        JdbcOutbox outbox = newOutbox();
        List<Message> parked = park(outbox, 5);
        List<Message> sent = new ArrayList<>();
        DeliveryException down = DeliveryException.retryable("503 from the destination");

        assertThatExceptionOfType(DeliveryException.class).isThrownBy(() -> outbox.redeliver(destination, (message) -> {
            if (sent.size() == 2) {
                throw down;
            }
            sent.add(message);
        })).isSameAs(down);

        assertThat(sent).containsExactlyElementsOf(parked.subList(0, 2));
        assertThat(outbox.depth(destination)).isEqualTo(3);
        // Another instance can take over at once: the failed redelivery freed the lease.
        assertThat(newOutbox().redeliver(destination, sent::add)).isEqualTo(3);
        assertThat(sent).containsExactlyElementsOf(parked);
    }

    @Test
    void senderThatFailsUnexpectedlyKeepsTheMessageAndFreesTheLease() throws DeliveryException {
        JdbcOutbox outbox = newOutbox();
        List<Message> parked = park(outbox, 2);

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> outbox.redeliver(destination,
                (message) -> {
                    throw new IllegalStateException("a destination bug");
                }));

        List<Message> sent = new ArrayList<>();
        assertThat(newOutbox().redeliver(destination, sent::add)).isEqualTo(2);
        assertThat(sent).containsExactlyElementsOf(parked);
    }

    @Test
    void twoInstancesRacingDeliverEveryMessageOnceAndInOrder() throws Exception {
        List<Message> parked = park(newOutbox(), 30);
        List<JdbcOutbox> instances = List.of(newOutbox(), newOutbox());
        List<Message> sent = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch loserReturned = new CountDownLatch(1);
        // The winner's first send waits until the loser has returned, so both calls overlap for sure.
        Outbox.Sender sender = (message) -> {
            if (sent.isEmpty()) {
                awaitGuarded(loserReturned);
            }
            sent.add(message);
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (JdbcOutbox instance : instances) {
                results.add(threads.submit(() -> {
                    awaitGuarded(go);
                    int delivered = instance.redeliver(destination, sender);
                    if (delivered == Outbox.HELD_ELSEWHERE) {
                        loserReturned.countDown();
                    }
                    return delivered;
                }));
            }
            go.countDown();

            List<Integer> delivered = List.of(results.get(0).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS),
                    results.get(1).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));

            assertThat(delivered).containsExactlyInAnyOrder(Outbox.HELD_ELSEWHERE, 30);
            assertThat(sent).containsExactlyElementsOf(parked);
            assertThat(newOutbox().depth(destination)).isZero();
        }
        finally {
            threads.shutdownNow();
        }
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
    void messageRefusedForGoodIsRemovedAndReportedAndTheOnesAfterItAreDeliveredInOrder() throws DeliveryException {
        JdbcOutbox outbox = newOutbox();
        List<Message> parked = park(outbox, 5);
        Message poison = parked.get(2);
        DeliveryException revoked = DeliveryException.permanent("403 from the destination: token revoked");
        List<Message> sent = new ArrayList<>();
        Map<Message, DeliveryException> refused = new LinkedHashMap<>();

        int delivered = outbox.redeliver(destination, new Outbox.Sender() {
            @Override
            public void send(Message message) throws DeliveryException {
                if (message.equals(poison)) {
                    throw revoked;
                }
                sent.add(message);
            }

            @Override
            public void refused(Message message, DeliveryException reason) {
                refused.put(message, reason);
            }
        });

        assertThat(delivered).isEqualTo(4);
        assertThat(sent).containsExactly(parked.get(0), parked.get(1), parked.get(3), parked.get(4));
        assertThat(refused).containsExactly(Map.entry(poison, revoked));
        assertThat(newOutbox().depth(destination)).as("the refused one is gone too").isZero();
    }

    @Test
    void rateLimitedSenderStopsRedeliveryAndKeepsTheMessage() {
        JdbcOutbox outbox = newOutbox();
        park(outbox, 2);
        DeliveryException slowDown = DeliveryException.rateLimited("429 from the destination", Duration.ofSeconds(30));
        List<Message> refused = new ArrayList<>();

        assertThatExceptionOfType(DeliveryException.class).isThrownBy(() -> outbox.redeliver(destination,
                new Outbox.Sender() {
                    @Override
                    public void send(Message message) throws DeliveryException {
                        throw slowDown;
                    }

                    @Override
                    public void refused(Message message, DeliveryException reason) {
                        refused.add(message);
                    }
                })).isSameAs(slowDown);

        assertThat(refused).isEmpty();
        assertThat(outbox.depth(destination)).isEqualTo(2);
    }

    @Test
    void senderIsLetWaitBeforeEachMessageAndNotWhenNoneIsParked() throws DeliveryException {
        JdbcOutbox outbox = newOutbox();
        park(outbox, 3);
        List<String> calls = new ArrayList<>();
        Outbox.Sender sender = new Outbox.Sender() {
            @Override
            public void awaitReady() {
                calls.add("wait");
            }

            @Override
            public void send(Message message) {
                calls.add("send " + message.summary());
            }
        };

        outbox.redeliver(destination, sender);
        outbox.redeliver(destination, sender);

        assertThat(calls).containsExactly("wait", "send alert 1", "wait", "send alert 2", "wait", "send alert 3");
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
    void depthCountsTheMessagesOfEachDestinationApart() {
        JdbcOutbox outbox = newOutbox();
        park(outbox, 3);
        String other = destination + "-other";
        outbox.park(new Message(other, "{}", "other", 1));

        assertThat(outbox.depth(destination)).isEqualTo(3);
        assertThat(newOutbox().depth(other)).isEqualTo(1);
        assertThat(outbox.depth(destination + "-none")).isZero();
    }

    @Test
    void redeliveryOfOneDestinationLeavesTheOthersParked() throws DeliveryException {
        JdbcOutbox outbox = newOutbox();
        park(outbox, 2);
        String other = destination + "-other";
        outbox.park(new Message(other, "{}", "other", 1));

        outbox.redeliver(destination, (message) -> {
        });

        assertThat(outbox.depth(other)).isEqualTo(1);
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

    private static void awaitGuarded(CountDownLatch latch) {
        try {
            if (!latch.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Gave up waiting: the other instance never returned");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
