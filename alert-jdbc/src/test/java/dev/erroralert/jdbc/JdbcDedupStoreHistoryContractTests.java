package dev.erroralert.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.HistoryEntry;
import dev.erroralert.history.QuietEpisode;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.CountDelta;
import dev.erroralert.testsupport.QuietEpisodesContractTests;
import dev.erroralert.testsupport.Racing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The quiet-episode contract of every store, and on top of it what the {@link JdbcDedupStore} writes to the history
 * and to the episode of each record, run against each database: the occurrences it counts reach the history in the
 * step's own transaction, exactly once, and the alerts sent for its steps are counted there and in the episode. Each
 * test has tables of its own.
 */
abstract class JdbcDedupStoreHistoryContractTests extends QuietEpisodesContractTests<JdbcDedupStore> {

    private static final DedupWindows MINUTES = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));

    private static final DedupWindows SECOND = new DedupWindows(Duration.ofSeconds(1), Duration.ofSeconds(1));

    private static final ErrorDetails DETAILS = new ErrorDetails("java.lang.IllegalStateException",
            "order <n> not found", "com.example.OrderService#place", "orders", "prod");

    private final SeedAlertPolicy policy = SeedAlertPolicy.ofDefaults();

    private JdbcStoreSettings settings;

    /** A DataSource on the test database, for reading what the stores wrote. */
    protected abstract DataSource dataSource();

    /** A store with {@code settings} as another application instance would have it, closed after the test. */
    protected abstract JdbcDedupStore newStore(JdbcStoreSettings settings);

    @BeforeEach
    void createTables() {
        settings = FreshTables.create(dataSource(), JdbcDedupStoreH2Tests.CONTRACT_SETTINGS);
    }

    @Override
    protected JdbcDedupStore newStore() {
        return newStore(settings);
    }

    @Override
    protected JdbcDedupStore anotherInstance(JdbcDedupStore store) {
        // Every store of a test is on its tables.
        return newStore(settings);
    }

    @Override
    protected JdbcThreadStore threadsOf(JdbcDedupStore store) {
        return new JdbcThreadStore(store);
    }

    private static Fingerprint randomFingerprint() {
        return new Fingerprint(UUID.randomUUID().toString().replace("-", ""));
    }

    private HistoryEntry historyOf(Fingerprint fingerprint) {
        return new JdbcHistoryStore(dataSource(), settings).find(fingerprint).orElseThrow();
    }

    private long alertedOf(Fingerprint fingerprint) {
        return new JdbcTemplate(dataSource()).queryForObject("SELECT alerted FROM " + settings.tableName()
                + " WHERE fingerprint = ?", Long.class, fingerprint.value());
    }

    @Test
    void racingInstancesWriteEveryOccurrenceToTheHistoryOnce() throws Exception {
        List<JdbcDedupStore> instances = List.of(newStore(settings), newStore(settings));
        List<Fingerprint> fingerprints = List.of(randomFingerprint(), randomFingerprint(), randomFingerprint());
        Map<Fingerprint, Long> thrown = new ConcurrentHashMap<>();

        Racing.run(8, (thread) -> {
            JdbcDedupStore instance = instances.get(thread % instances.size());
            for (int i = 0; i < 40; i++) {
                Fingerprint fingerprint = fingerprints.get(ThreadLocalRandom.current().nextInt(3));
                long delta = ThreadLocalRandom.current().nextLong(1, 6);
                thrown.merge(fingerprint, delta, Long::sum);
                instance.record(fingerprint, delta, System.currentTimeMillis(), MINUTES, DETAILS);
            }
            return null;
        });

        for (Fingerprint fingerprint : fingerprints) {
            long expected = thrown.getOrDefault(fingerprint, 0L);
            if (expected == 0) {
                continue;
            }
            HistoryEntry entry = historyOf(fingerprint);
            assertThat(entry.totalCount()).as("history of %s", fingerprint.shortId()).isEqualTo(expected);
            assertThat(instances.get(0).liveCount(fingerprint, System.currentTimeMillis())).hasValue(expected);
            assertThat(entry.details()).isEqualTo(DETAILS);
            assertThat(entry.suppressedCount()).as("no alert noted").isEqualTo(expected);
        }
    }

    @Test
    void aBatchWritesEachErrorsCountToItsHistoryRowInItsTransaction() {
        JdbcDedupStore store = newStore(settings);
        List<Fingerprint> fingerprints = new ArrayList<>();
        List<CountDelta> batch = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 30; i++) {
            Fingerprint fingerprint = randomFingerprint();
            if (i % 3 == 0) {
                store.record(fingerprint, 2, now, MINUTES, DETAILS);
            }
            fingerprints.add(fingerprint);
            batch.add(new CountDelta(fingerprint, i + 1, i % 2 == 0 ? DETAILS : null));
        }
        // The same error twice in one batch: counted one step after the other.
        batch.add(new CountDelta(fingerprints.get(0), 5, DETAILS));

        List<Tally> tallies = store.recordAll(batch, now + 10, MINUTES);

        assertThat(tallies).hasSize(31);
        for (int i = 0; i < 30; i++) {
            long before = i % 3 == 0 ? 2 : 0;
            assertThat(tallies.get(i)).as("error %d", i)
                    .isEqualTo(new Tally(before, before + i + 1, i % 3 == 0 ? now : now + 10, store.name()));
            long total = before + i + 1 + (i == 0 ? 5 : 0);
            assertThat(historyOf(fingerprints.get(i))).as("history of error %d", i)
                    .returns(total, HistoryEntry::totalCount)
                    .returns(i % 3 == 0 || i % 2 == 0 ? DETAILS : null, HistoryEntry::details);
        }
        assertThat(tallies.get(30)).isEqualTo(new Tally(3, 8, now, store.name()));
    }

    @Test
    void aFailedHistoryWriteUndoesEveryCountOfItsBatch() {
        JdbcDedupStore withoutHistoryTable = newStore(settings.withHistoryTableName("missing_history_"
                + UUID.randomUUID().toString().substring(0, 8)));
        List<Fingerprint> fingerprints = List.of(randomFingerprint(), randomFingerprint(), randomFingerprint());

        assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> withoutHistoryTable.recordAll(
                fingerprints.stream().map((fingerprint) -> new CountDelta(fingerprint, 2, DETAILS)).toList(),
                System.currentTimeMillis(), MINUTES));

        JdbcDedupStore store = newStore(settings);
        for (Fingerprint fingerprint : fingerprints) {
            assertThat(store.liveCount(fingerprint, System.currentTimeMillis())).as("the failed batch counted nothing")
                    .isEmpty();
        }
    }

    @Test
    void racingBatchesOfTheSameErrorsInAnyOrderCountEveryOccurrenceOnce() throws Exception {
        List<JdbcDedupStore> instances = List.of(newStore(settings), newStore(settings), newStore(settings),
                newStore(settings));
        List<Fingerprint> fingerprints = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            fingerprints.add(randomFingerprint());
        }
        Map<Fingerprint, Long> thrown = new ConcurrentHashMap<>();

        // Each batch names the errors in an order of its own: were rows locked in the order given, two batches could
        // each hold a row the other waits for.
        Racing.run(8, (thread) -> {
            JdbcDedupStore instance = instances.get(thread % instances.size());
            for (int round = 0; round < 20; round++) {
                List<Fingerprint> order = new ArrayList<>(fingerprints);
                java.util.Collections.shuffle(order);
                List<CountDelta> batch = new ArrayList<>();
                for (Fingerprint fingerprint : order) {
                    long delta = ThreadLocalRandom.current().nextLong(1, 4);
                    batch.add(new CountDelta(fingerprint, delta, DETAILS));
                }
                instance.recordAll(batch, System.currentTimeMillis(), MINUTES);
                batch.forEach((delta) -> thrown.merge(delta.fingerprint(), delta.delta(), Long::sum));
            }
            return null;
        });

        for (Fingerprint fingerprint : fingerprints) {
            long expected = thrown.get(fingerprint);
            assertThat(historyOf(fingerprint).totalCount()).as("history of %s", fingerprint.shortId())
                    .isEqualTo(expected);
            assertThat(instances.get(0).liveCount(fingerprint, System.currentTimeMillis())).hasValue(expected);
        }
    }

    @Test
    void stepWithoutDetailsIsInTheHistoryAndTheFirstDetailsKnownFillItLater() {
        JdbcDedupStore store = newStore(settings);
        Fingerprint fingerprint = randomFingerprint();
        long now = System.currentTimeMillis();

        store.record(fingerprint, 2, now, MINUTES);
        assertThat(historyOf(fingerprint)).isEqualTo(new HistoryEntry(fingerprint, null, now, now, 2, 0, 2));

        store.record(fingerprint, 1, now + 10, MINUTES, DETAILS);
        store.record(fingerprint, 1, now + 20, MINUTES, new ErrorDetails("java.lang.IllegalStateException",
                "a later message", "com.example.OrderService#place", "orders", "prod"));
        assertThat(historyOf(fingerprint)).isEqualTo(new HistoryEntry(fingerprint, DETAILS, now, now + 20, 4, 0, 4));
    }

    @Test
    void alertsNotedAreCountedInTheHistoryAndTheEpisode() {
        JdbcDedupStore store = newStore(settings);
        JdbcDedupStore other = newStore(settings);
        Fingerprint fingerprint = randomFingerprint();
        int sent = 0;
        // Sent: 1, 1, 3, 4; suppressed: 10, 2.
        for (long delta : new long[] { 1, 1, 3, 4, 10, 2 }) {
            long now = System.currentTimeMillis();
            Tally tally = store.record(fingerprint, delta, now, MINUTES, DETAILS);
            if (policy.decide(tally) instanceof Decision.Send) {
                other.recordAlerted(fingerprint, tally, now);
                sent++;
            }
        }

        assertThat(sent).isEqualTo(4);
        assertThat(alertedOf(fingerprint)).isEqualTo(9);
        assertThat(historyOf(fingerprint)).returns(21L, HistoryEntry::totalCount)
                .returns(4L, HistoryEntry::alertsSent)
                .returns(12L, HistoryEntry::suppressedCount);
    }

    @Test
    void alertsNotedWithTheErrorsNextStepAreCountedAsAlertsNotedOnTheirOwn() {
        JdbcDedupStore store = newStore(settings);
        Fingerprint fingerprint = randomFingerprint();
        long now = System.currentTimeMillis();
        Tally first = store.record(fingerprint, 1, now, MINUTES, DETAILS);
        Tally second = store.recordAll(List.of(new CountDelta(fingerprint, 2, null, now, List.of(first))), now + 1,
                MINUTES).get(0);
        // An alert of another store's step is not this store's to note.
        Tally elsewhere = new Tally(0, 1, now, "redis");
        store.recordAll(List.of(new CountDelta(fingerprint, 4, null, now, List.of(second, elsewhere))), now + 2,
                MINUTES);

        assertThat(alertedOf(fingerprint)).isEqualTo(3);
        assertThat(historyOf(fingerprint)).returns(7L, HistoryEntry::totalCount)
                .returns(2L, HistoryEntry::alertsSent)
                .returns(4L, HistoryEntry::suppressedCount);
    }

    @Test
    void alertOfAnEpisodeThatEndedCountsInTheHistoryButNotInTheNextEpisode() {
        JdbcDedupStore store = newStore(settings);
        Fingerprint fingerprint = randomFingerprint();
        Tally ended = store.record(fingerprint, 1, 1_000, SECOND, DETAILS);

        store.record(fingerprint, 1, 5_000, SECOND, DETAILS);
        store.recordAlerted(fingerprint, ended, 5_000);

        assertThat(alertedOf(fingerprint)).isZero();
        assertThat(historyOf(fingerprint)).returns(2L, HistoryEntry::totalCount)
                .returns(1L, HistoryEntry::alertsSent)
                .returns(1L, HistoryEntry::suppressedCount);
    }

    @Test
    void liveCountIsTheCountOfTheLiveRecordOnly() {
        JdbcDedupStore store = newStore(settings);
        Fingerprint fingerprint = randomFingerprint();

        assertThat(store.liveCount(fingerprint, 1_000)).isEmpty();
        store.record(fingerprint, 3, 1_000, SECOND);
        store.record(fingerprint, 2, 1_500, SECOND);

        assertThat(newStore(settings).liveCount(fingerprint, 2_000)).hasValue(5);
        assertThat(store.liveCount(fingerprint, 2_500)).as("expired").isEmpty();
    }

    @Test
    void failedHistoryWriteUndoesTheCountOfItsStep() {
        JdbcDedupStore withoutHistoryTable = newStore(settings.withHistoryTableName("missing_history_"
                + UUID.randomUUID().toString().substring(0, 8)));
        Fingerprint fingerprint = randomFingerprint();

        assertThatExceptionOfType(DataAccessException.class).isThrownBy(
                () -> withoutHistoryTable.record(fingerprint, 1, System.currentTimeMillis(), MINUTES, DETAILS));

        assertThat(newStore(settings).record(fingerprint, 1, System.currentTimeMillis(), MINUTES).isNew())
                .as("the failed step counted nothing").isTrue();
        assertThat(historyOf(fingerprint).totalCount()).isEqualTo(1);
    }

    @Test
    void historySwitchedOffIsNotWrittenWhileEpisodesStillCountTheirAlerts() {
        JdbcDedupStore store = newStore(settings.withHistoryEnabled(false));
        Fingerprint fingerprint = randomFingerprint();
        Tally tally = store.record(fingerprint, 3, 1_000, SECOND, DETAILS);
        store.recordAlerted(fingerprint, tally, 1_000);
        store.record(fingerprint, 2, 1_500, SECOND, DETAILS);

        assertThat(new JdbcHistoryStore(dataSource(), settings).find(fingerprint)).isEmpty();
        assertThat(alertedOf(fingerprint)).isEqualTo(3);
        assertThat(store.takeQuiet(3_000, 10)).as("no details without a history")
                .containsExactly(new QuietEpisode(fingerprint, 1_000, 1_500, 5, 3, null));
    }

    @Test
    void purgeKeepsAnExpiredRecordAwaitingItsQuietSummaryForTheGrace() {
        JdbcDedupStore store = newStore(settings.withQuietGrace(Duration.ofSeconds(10)));
        Fingerprint awaiting = randomFingerprint();
        Fingerprint everyOccurrenceAlerted = randomFingerprint();
        // Both expire at 2,000.
        store.record(awaiting, 1, 1_000, SECOND);
        store.recordAlerted(everyOccurrenceAlerted, store.record(everyOccurrenceAlerted, 1, 1_000, SECOND), 1_000);

        assertThat(store.purgeExpired(3_000)).as("the one with nothing to summarise").isEqualTo(1);
        assertThat(store.purgeExpired(11_999)).as("within the grace").isZero();
        assertThat(store.purgeExpired(12_000)).as("past the grace").isEqualTo(1);
        assertThat(store.takeQuiet(12_000, 10)).isEmpty();
    }

    @Test
    void quietEpisodeTakenBeforeThePurgeIsNotTakenAgain() {
        JdbcDedupStore store = newStore(settings);
        Fingerprint fingerprint = randomFingerprint();
        store.record(fingerprint, 4, 1_000, SECOND, DETAILS);

        assertThat(store.takeQuiet(1_999, 10)).as("live").isEmpty();
        assertThat(store.takeQuiet(2_000, 10))
                .containsExactly(new QuietEpisode(fingerprint, 1_000, 1_000, 4, 0, DETAILS));
        assertThat(store.purgeExpired(2_000)).isZero();
        assertThat(newStore(settings).takeQuiet(2_000, 10)).isEmpty();
    }
}
