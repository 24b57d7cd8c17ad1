package dev.erroralert.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.HistoryDelta;
import dev.erroralert.history.HistoryEntry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The behaviour of the {@link JdbcHistoryStore} on each database: every batch counts exactly once, whatever fails
 * and however many instances apply it. Each test has tables of its own, and each store a DataSource of its own, as
 * separate application instances would have.
 */
abstract class HistoryStoreContractTests {

    private static final ErrorDetails DETAILS = new ErrorDetails("java.lang.IllegalStateException",
            "order <n> not found", "com.example.OrderService#place", "orders", "prod");

    private static final ErrorDetails OTHER_DETAILS = new ErrorDetails("java.lang.IllegalArgumentException",
            "another message", "com.example.OrderService#cancel", "billing", "staging");

    private JdbcStoreSettings settings;

    /** A DataSource of its own on the test database, as another application instance would have. */
    protected abstract DataSource dataSource();

    @BeforeEach
    void createTables() {
        settings = FreshTables.create(dataSource(), JdbcDedupStoreH2Tests.CONTRACT_SETTINGS);
    }

    /** A history store of another application instance. */
    JdbcHistoryStore newStore() {
        return new JdbcHistoryStore(dataSource(), settings);
    }

    private static Fingerprint randomFingerprint() {
        return new Fingerprint(UUID.randomUUID().toString().replace("-", ""));
    }

    private static String batchId() {
        return UUID.randomUUID().toString();
    }

    private static HistoryDelta delta(Fingerprint fingerprint, long occurrences, long alertsSent,
            long alertedOccurrences, long firstSeenMillis, long lastSeenMillis, @Nullable ErrorDetails details) {
        return new HistoryDelta(fingerprint, occurrences, alertsSent, alertedOccurrences, firstSeenMillis,
                lastSeenMillis, details);
    }

    private static HistoryDelta occurrences(Fingerprint fingerprint, long occurrences) {
        return delta(fingerprint, occurrences, 0, 0, 1_000, 2_000, DETAILS);
    }

    private long totalOf(Fingerprint fingerprint) {
        return newStore().find(fingerprint).map(HistoryEntry::totalCount).orElse(0L);
    }

    @Test
    void applyAddsEachDeltaToTheRowOfItsFingerprint() {
        JdbcHistoryStore store = newStore();
        Fingerprint one = randomFingerprint();
        Fingerprint other = randomFingerprint();

        assertThat(store.apply(batchId(), List.of(delta(one, 10, 2, 3, 1_000, 2_000, DETAILS)))).isTrue();
        assertThat(newStore().apply(batchId(), List.of(delta(one, 5, 1, 1, 1_500, 3_000, null),
                delta(other, 4, 1, 1, 2_500, 2_600, OTHER_DETAILS)))).isTrue();

        assertThat(store.find(one)).contains(new HistoryEntry(one, DETAILS, 1_000, 3_000, 15, 3, 11));
        assertThat(store.find(other)).contains(new HistoryEntry(other, OTHER_DETAILS, 2_500, 2_600, 4, 1, 3));
    }

    @Test
    void batchAppliedAgainChangesNothing() {
        Fingerprint fingerprint = randomFingerprint();
        String batchId = batchId();
        List<HistoryDelta> deltas = List.of(occurrences(fingerprint, 7));

        assertThat(newStore().apply(batchId, deltas)).isTrue();
        assertThat(newStore().apply(batchId, deltas)).as("applied before").isFalse();

        assertThat(totalOf(fingerprint)).isEqualTo(7);
    }

    @Test
    void emptyBatchIsRecordedLikeAnyOther() {
        String batchId = batchId();

        assertThat(newStore().apply(batchId, List.of())).isTrue();
        assertThat(newStore().apply(batchId, List.of())).isFalse();
    }

    @Test
    void batchAppliedByEightInstancesAtOnceCountsOnce() throws Exception {
        List<Fingerprint> fingerprints = new ArrayList<>();
        List<HistoryDelta> deltas = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            Fingerprint fingerprint = randomFingerprint();
            fingerprints.add(fingerprint);
            deltas.add(occurrences(fingerprint, i));
        }
        String batchId = batchId();

        List<Boolean> applied = Racing.run(8, (instance) -> newStore().apply(batchId, deltas));

        assertThat(applied).as("applied by exactly one instance").containsOnlyOnce(true).hasSize(8);
        for (int i = 0; i < fingerprints.size(); i++) {
            assertThat(totalOf(fingerprints.get(i))).isEqualTo(i + 1);
        }
    }

    @Test
    void batchesOfInstancesRacingOnTheSameFingerprintsAreEachCountedOnce() throws Exception {
        List<Fingerprint> fingerprints = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            fingerprints.add(randomFingerprint());
        }
        Map<Fingerprint, Long> expected = Collections.synchronizedMap(new HashMap<>());

        // Each batch lists the fingerprints in an order of its own: applied as listed, two would deadlock.
        Racing.run(4, (instance) -> {
            JdbcHistoryStore store = newStore();
            for (int batch = 0; batch < 10; batch++) {
                List<Fingerprint> shuffled = new ArrayList<>(fingerprints);
                Collections.shuffle(shuffled);
                List<HistoryDelta> deltas = new ArrayList<>();
                for (Fingerprint fingerprint : shuffled) {
                    long occurrences = ThreadLocalRandom.current().nextLong(1, 100);
                    deltas.add(occurrences(fingerprint, occurrences));
                    expected.merge(fingerprint, occurrences, Long::sum);
                }
                assertThat(store.apply(batchId(), deltas)).isTrue();
            }
            return true;
        });

        for (Fingerprint fingerprint : fingerprints) {
            assertThat(totalOf(fingerprint)).isEqualTo(expected.get(fingerprint));
        }
    }

    /**
     * Statement 1 records the batch's id, statements 2 to 5 upsert its four rows in the order of their fingerprints:
     * whichever fails, nothing of the batch holds, and applying it again later counts it once.
     */
    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 3, 5 })
    void databaseFailingHalfWayAppliesNothingAndTheBatchCountsOnceLater(int failingStatement) {
        Fingerprint counted = randomFingerprint();
        newStore().apply(batchId(), List.of(occurrences(counted, 100)));
        List<HistoryDelta> deltas = new ArrayList<>(List.of(occurrences(counted, 1)));
        List<Fingerprint> fresh = List.of(randomFingerprint(), randomFingerprint(), randomFingerprint());
        fresh.forEach((fingerprint) -> deltas.add(occurrences(fingerprint, 5)));
        String batchId = batchId();
        StatementRecordingDataSource failing = new StatementRecordingDataSource(dataSource())
                .failingStatement(failingStatement);

        assertThatExceptionOfType(DataAccessException.class)
                .isThrownBy(() -> new JdbcHistoryStore(failing, settings).apply(batchId, deltas));

        assertThat(failing.statements).hasSize(failingStatement);
        assertThat(totalOf(counted)).as("untouched").isEqualTo(100);
        fresh.forEach((fingerprint) -> assertThat(newStore().find(fingerprint)).isEmpty());

        assertThat(newStore().apply(batchId, deltas)).as("its id was not recorded").isTrue();
        assertThat(newStore().apply(batchId, deltas)).isFalse();
        assertThat(totalOf(counted)).isEqualTo(101);
        fresh.forEach((fingerprint) -> assertThat(totalOf(fingerprint)).isEqualTo(5));
    }

    @Test
    void appliedBatchHoldsOnAPoolThatDoesNotAutoCommit() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setDataSource(dataSource());
            pool.setAutoCommit(false);
            Fingerprint fingerprint = randomFingerprint();
            String batchId = batchId();

            new JdbcHistoryStore(pool, settings).apply(batchId, List.of(occurrences(fingerprint, 3)));

            assertThat(totalOf(fingerprint)).isEqualTo(3);
            assertThat(newStore().apply(batchId, List.of(occurrences(fingerprint, 3)))).isFalse();
        }
    }

    @Test
    void firstDetailsKnownWin() {
        JdbcHistoryStore store = newStore();
        Fingerprint fingerprint = randomFingerprint();

        store.apply(batchId(), List.of(delta(fingerprint, 1, 0, 0, 1_000, 1_000, null)));
        assertThat(store.find(fingerprint)).get().extracting(HistoryEntry::details).isNull();

        store.apply(batchId(), List.of(delta(fingerprint, 1, 0, 0, 1_000, 1_000, DETAILS)));
        store.apply(batchId(), List.of(delta(fingerprint, 1, 0, 0, 1_000, 1_000, OTHER_DETAILS)));
        store.apply(batchId(), List.of(delta(fingerprint, 1, 0, 0, 1_000, 1_000, null)));

        assertThat(store.find(fingerprint)).get().extracting(HistoryEntry::details).isEqualTo(DETAILS);
    }

    @Test
    void aMessageWithNulCharactersIsStoredAndNeverFailsTheBatch() {
        // PostgreSQL refuses NUL in any string; a message quoting user input may hold one.
        JdbcHistoryStore store = newStore();
        Fingerprint fingerprint = randomFingerprint();
        ErrorDetails withNul = new ErrorDetails("java.lang.NumberFormatException",
                "For input string: \"\u0000\u0000\"", "com.example.Api#parse", "shop", "prod");

        assertThat(store.apply(batchId(), List.of(delta(fingerprint, 3, 0, 0, 1_000, 1_000, withNul)))).isTrue();

        assertThat(store.find(fingerprint)).get().satisfies((row) -> {
            assertThat(row.totalCount()).isEqualTo(3);
            assertThat(row.details().sampleMessage()).isEqualTo("For input string: \"\uFFFD\uFFFD\"");
        });
    }

    @Test
    void detailsOfTheLongestAcceptedTextsAreKeptWhole() {
        JdbcHistoryStore store = newStore();
        Fingerprint fingerprint = randomFingerprint();
        ErrorDetails longest = new ErrorDetails("T".repeat(ErrorDetails.MAX_TYPE_LENGTH),
                "é".repeat(ErrorDetails.MAX_MESSAGE_LENGTH), "L".repeat(ErrorDetails.MAX_LOCATION_LENGTH),
                "a".repeat(ErrorDetails.MAX_ORIGIN_LENGTH), "e".repeat(ErrorDetails.MAX_ORIGIN_LENGTH));

        store.apply(batchId(), List.of(delta(fingerprint, 1, 0, 0, 1_000, 1_000, longest)));

        assertThat(store.find(fingerprint)).get().extracting(HistoryEntry::details).isEqualTo(longest);
    }

    @Test
    void firstAndLastSeenOnlyWiden() {
        JdbcHistoryStore store = newStore();
        Fingerprint fingerprint = randomFingerprint();

        store.apply(batchId(), List.of(delta(fingerprint, 1, 0, 0, 5_000, 6_000, null)));
        store.apply(batchId(), List.of(delta(fingerprint, 1, 0, 0, 5_500, 5_600, null)));
        store.apply(batchId(), List.of(delta(fingerprint, 1, 0, 0, 7_000, 8_000, null)));
        store.apply(batchId(), List.of(delta(fingerprint, 1, 0, 0, 1_000, 2_000, null)));

        assertThat(store.find(fingerprint)).get()
                .returns(1_000L, HistoryEntry::firstSeenMillis)
                .returns(8_000L, HistoryEntry::lastSeenMillis);
    }

    @Test
    void suppressedIsWhatNoAlertCoveredAndNeverBelowZero() {
        JdbcHistoryStore store = newStore();
        Fingerprint fingerprint = randomFingerprint();

        // An alert may be written back in a batch after the one that carried its occurrences.
        store.apply(batchId(), List.of(delta(fingerprint, 3, 1, 5, 1_000, 1_000, null)));
        assertThat(store.find(fingerprint)).get().returns(0L, HistoryEntry::suppressedCount);

        store.apply(batchId(), List.of(delta(fingerprint, 10, 0, 0, 1_000, 1_000, null)));
        assertThat(store.find(fingerprint)).get().returns(13L, HistoryEntry::totalCount)
                .returns(1L, HistoryEntry::alertsSent)
                .returns(8L, HistoryEntry::suppressedCount);
    }

    @Test
    void recentListsTheRowsSeenLatestFirst() {
        JdbcHistoryStore store = newStore();
        Fingerprint middle = randomFingerprint();
        Fingerprint oldest = randomFingerprint();
        Fingerprint latest = randomFingerprint();
        store.apply(batchId(), List.of(delta(middle, 1, 0, 0, 1_000, 2_000, null),
                delta(oldest, 9, 0, 0, 1_000, 1_000, null), delta(latest, 1, 0, 0, 1_000, 3_000, null)));

        assertThat(store.recent(2)).extracting(HistoryEntry::fingerprint).containsExactly(latest, middle);
        assertThat(store.recent(10)).extracting(HistoryEntry::fingerprint).containsExactly(latest, middle, oldest);
    }

    @Test
    void topListsTheHighestTotalsAmongTheRowsSeenSince() {
        JdbcHistoryStore store = newStore();
        Fingerprint highestButOld = randomFingerprint();
        Fingerprint thirty = randomFingerprint();
        Fingerprint forty = randomFingerprint();
        Fingerprint ten = randomFingerprint();
        store.apply(batchId(), List.of(delta(highestButOld, 50, 0, 0, 1_000, 1_000, null),
                delta(thirty, 30, 0, 0, 1_000, 5_000, null), delta(forty, 40, 0, 0, 1_000, 6_000, null),
                delta(ten, 10, 0, 0, 1_000, 7_000, null)));

        assertThat(store.top(2, 5_000)).extracting(HistoryEntry::fingerprint).containsExactly(forty, thirty);
        assertThat(store.top(10, 0)).extracting(HistoryEntry::fingerprint)
                .containsExactly(highestButOld, forty, thirty, ten);
    }

    @Test
    void unknownFingerprintHasNoRow() {
        assertThat(newStore().find(randomFingerprint())).isEmpty();
        assertThat(newStore().recent(10)).isEmpty();
    }

    @Test
    void purgeDeletesTheRowsLastSeenBeforeAndForgetsTheBatchesAppliedBefore() throws InterruptedException {
        JdbcHistoryStore store = newStore();
        Fingerprint old = randomFingerprint();
        Fingerprint recent = randomFingerprint();
        String oldBatch = batchId();
        store.apply(oldBatch, List.of(delta(old, 1, 0, 0, 1_000, 1_000, null)));
        // Batches are stamped with the instance's clock: some milliseconds apart, on each side of the limit.
        Thread.sleep(5);
        long limit = System.currentTimeMillis();
        Thread.sleep(5);
        String recentBatch = batchId();
        store.apply(recentBatch, List.of(delta(recent, 1, 0, 0, limit, limit, null)));

        int purged = store.purgeOlderThan(limit);

        assertThat(purged).isEqualTo(1);
        assertThat(store.find(old)).isEmpty();
        assertThat(store.find(recent)).isPresent();
        assertThat(store.apply(recentBatch, List.of())).as("still known").isFalse();
        assertThat(store.apply(oldBatch, List.of())).as("forgotten").isTrue();
    }

    @Test
    void batchIdIsOneToAHundredCharacters() {
        JdbcHistoryStore store = newStore();

        assertThatIllegalArgumentException().isThrownBy(() -> store.apply("", List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> store.apply("b".repeat(101), List.of()));
        assertThat(store.apply("b".repeat(100), List.of())).isTrue();
    }
}
