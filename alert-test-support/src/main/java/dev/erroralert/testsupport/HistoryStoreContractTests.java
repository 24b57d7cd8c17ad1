package dev.erroralert.testsupport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.HistoryDelta;
import dev.erroralert.history.HistoryEntry;
import dev.erroralert.history.HistoryStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The behaviour every {@link HistoryStore} must show, written once and run against each backend (PostgreSQL, MariaDB,
 * H2): every batch counts exactly once, however many instances apply it, and the rows read as the deltas added up.
 * Each test starts on an empty backend, and each store reaches it as a separate application instance would.
 */
public abstract class HistoryStoreContractTests {

    private static final ErrorDetails DETAILS = new ErrorDetails("java.lang.IllegalStateException",
            "order <n> not found", "com.example.OrderService#place", "orders", "prod");

    private static final ErrorDetails OTHER_DETAILS = new ErrorDetails("java.lang.IllegalArgumentException",
            "another message", "com.example.OrderService#cancel", "billing", "staging");

    /**
     * A history store as another application instance would have it (a connection of its own), on a backend that
     * holds no row and no batch when the test starts, shared with every other store this method returns during the
     * test.
     */
    protected abstract HistoryStore newStore();

    protected static Fingerprint randomFingerprint() {
        return new Fingerprint(UUID.randomUUID().toString().replace("-", ""));
    }

    protected static String batchId() {
        return UUID.randomUUID().toString();
    }

    protected static HistoryDelta delta(Fingerprint fingerprint, long occurrences, long alertsSent,
            long alertedOccurrences, long firstSeenMillis, long lastSeenMillis, @Nullable ErrorDetails details) {
        return new HistoryDelta(fingerprint, occurrences, alertsSent, alertedOccurrences, firstSeenMillis,
                lastSeenMillis, details);
    }

    protected static HistoryDelta occurrences(Fingerprint fingerprint, long occurrences) {
        return delta(fingerprint, occurrences, 0, 0, 1_000, 2_000, DETAILS);
    }

    protected long totalOf(Fingerprint fingerprint) {
        return newStore().find(fingerprint).map(HistoryEntry::totalCount).orElse(0L);
    }

    @Test
    void applyAddsEachDeltaToTheRowOfItsFingerprint() {
        HistoryStore store = newStore();
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
            HistoryStore store = newStore();
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

    @Test
    void firstDetailsKnownWin() {
        HistoryStore store = newStore();
        Fingerprint fingerprint = randomFingerprint();

        store.apply(batchId(), List.of(delta(fingerprint, 1, 0, 0, 1_000, 1_000, null)));
        assertThat(store.find(fingerprint)).get().extracting(HistoryEntry::details).isNull();

        store.apply(batchId(), List.of(delta(fingerprint, 1, 0, 0, 1_000, 1_000, DETAILS)));
        store.apply(batchId(), List.of(delta(fingerprint, 1, 0, 0, 1_000, 1_000, OTHER_DETAILS)));
        store.apply(batchId(), List.of(delta(fingerprint, 1, 0, 0, 1_000, 1_000, null)));

        assertThat(store.find(fingerprint)).get().extracting(HistoryEntry::details).isEqualTo(DETAILS);
    }

    @Test
    void detailsOfTheLongestAcceptedTextsAreKeptWhole() {
        HistoryStore store = newStore();
        Fingerprint fingerprint = randomFingerprint();
        ErrorDetails longest = new ErrorDetails("T".repeat(ErrorDetails.MAX_TYPE_LENGTH),
                "é".repeat(ErrorDetails.MAX_MESSAGE_LENGTH), "L".repeat(ErrorDetails.MAX_LOCATION_LENGTH),
                "a".repeat(ErrorDetails.MAX_ORIGIN_LENGTH), "e".repeat(ErrorDetails.MAX_ORIGIN_LENGTH));

        store.apply(batchId(), List.of(delta(fingerprint, 1, 0, 0, 1_000, 1_000, longest)));

        assertThat(store.find(fingerprint)).get().extracting(HistoryEntry::details).isEqualTo(longest);
    }

    @Test
    void firstAndLastSeenOnlyWiden() {
        HistoryStore store = newStore();
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
        HistoryStore store = newStore();
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
        HistoryStore store = newStore();
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
        HistoryStore store = newStore();
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
        HistoryStore store = newStore();
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
        HistoryStore store = newStore();

        assertThatIllegalArgumentException().isThrownBy(() -> store.apply("", List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> store.apply("b".repeat(101), List.of()));
        assertThat(store.apply("b".repeat(100), List.of())).isTrue();
    }
}
