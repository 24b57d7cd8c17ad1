package dev.erroralert.history;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.InMemoryDedupStore;
import dev.erroralert.testsupport.InMemoryHistoryStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-back over the direct link's ledger (an in-memory {@link PendingCounts}) and a history that can fail:
 * whatever fails, every occurrence reaches the history exactly once.
 */
class WriteBackTests {

    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));
    private static final Fingerprint A = new Fingerprint("a".repeat(32));
    private static final Fingerprint B = new Fingerprint("b".repeat(32));

    private final InMemoryDedupStore ledger = new InMemoryDedupStore(100, true);
    private final InMemoryHistoryStore history = new InMemoryHistoryStore();
    private final WriteBack writeBack = new WriteBack(List.of(ledger), history, Duration.ofSeconds(30),
            Clock.systemUTC());

    @Test
    void movesCountsAlertsAndDetailsIntoTheHistory() {
        ErrorDetails details = new ErrorDetails("java.lang.IllegalStateException", "boom", "a.B#c", "shop", "prod");
        Tally first = ledger.record(A, 1, 1_000, WINDOWS, details);
        ledger.recordAlerted(A, first, 1_000);
        ledger.record(A, 9, 2_000, WINDOWS, null);
        ledger.record(B, 3, 3_000, WINDOWS, null);

        assertThat(writeBack.syncNow()).isTrue();

        HistoryEntry a = history.find(A).orElseThrow();
        assertThat(a.totalCount()).isEqualTo(10);
        assertThat(a.alertsSent()).isEqualTo(1);
        assertThat(a.suppressedCount()).isEqualTo(9);
        assertThat(a.firstSeenMillis()).isEqualTo(1_000);
        assertThat(a.lastSeenMillis()).isEqualTo(2_000);
        assertThat(a.details()).isEqualTo(details);
        assertThat(history.totalOf(B)).isEqualTo(3);
        assertThat(writeBack.occurrencesWritten()).isEqualTo(13);
    }

    @Test
    void aHistoryFailingHalfWayLosesNothingAndCountsNothingTwice() {
        ledger.record(A, 5, 1_000, WINDOWS, null);
        ledger.record(B, 7, 1_000, WINDOWS, null);
        history.failNext(1);

        assertThat(writeBack.syncNow()).isFalse();
        assertThat(history.totalOf(A) + history.totalOf(B)).isZero();

        ledger.record(A, 2, 2_000, WINDOWS, null);
        assertThat(writeBack.syncNow()).isTrue();
        assertThat(writeBack.syncNow()).isTrue();

        assertThat(history.totalOf(A)).isEqualTo(7);
        assertThat(history.totalOf(B)).isEqualTo(7);
        assertThat(writeBack.failures()).isEqualTo(1);
    }

    @Test
    void aBatchAppliedButNotAcknowledgedIsRecognisedWhenTakenAgain() {
        ledger.record(A, 4, 1_000, WINDOWS, null);
        List<PendingBatch> claimed = ledger.claim(1_000, Duration.ofSeconds(30));
        // Applied, then the instance "died" before acknowledging.
        assertThat(history.apply(claimed.get(0).id(), claimed.get(0).deltas())).isTrue();

        assertThat(writeBack.syncNow()).isTrue();

        assertThat(history.totalOf(A)).isEqualTo(4);
        assertThat(ledger.claim(2_000, Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void aLedgerWithoutRoomCountsWhatItCouldNotKeep() {
        InMemoryDedupStore small = new InMemoryDedupStore(1, true);
        small.record(A, 2, 1_000, WINDOWS, null);
        small.record(B, 3, 1_000, WINDOWS, null);

        new WriteBack(List.of(small), history, Duration.ofSeconds(30), Clock.systemUTC()).syncNow();

        assertThat(history.totalOf(A)).isEqualTo(2);
        assertThat(small.notWrittenBack()).isEqualTo(3);
    }

    @Test
    void whileABatchWaitsNewCountsMergeIntoTheLedgerInsteadOfPilingUpBatches() {
        history.failNext(1_000);
        for (int sync = 0; sync < 50; sync++) {
            ledger.record(A, 1, 1_000 + sync, WINDOWS, null);
            writeBack.syncNow();
        }
        assertThat(ledger.claim(2_000, Duration.ofSeconds(30))).hasSize(1);

        history.failNext(0);
        writeBack.syncNow();
        writeBack.syncNow();

        assertThat(history.totalOf(A)).isEqualTo(50);
    }

    @Test
    void aBatchTheHistoryRefusesDoesNotHoldUpTheOthers() {
        InMemoryDedupStore other = new InMemoryDedupStore(100, true);
        PendingCounts refused = new PendingCounts() {
            @Override
            public String name() {
                return "refused";
            }

            @Override
            public List<PendingBatch> claim(long nowMillis, Duration lease) {
                List<PendingBatch> batches = new java.util.ArrayList<>();
                batches.add(new PendingBatch("poison", List.of(new HistoryDelta(B, 1, 0, 0, 1, 1, null))));
                batches.addAll(other.claim(nowMillis, lease));
                return batches;
            }

            @Override
            public void acknowledge(PendingBatch batch) {
                other.acknowledge(batch);
            }
        };
        HistoryStore refusingPoison = new HistoryStore() {
            @Override
            public boolean apply(String batchId, List<HistoryDelta> deltas) {
                if (batchId.equals("poison")) {
                    throw new IllegalStateException("refused for good (simulated)");
                }
                return history.apply(batchId, deltas);
            }

            @Override
            public List<HistoryEntry> recent(int limit) {
                return history.recent(limit);
            }

            @Override
            public List<HistoryEntry> top(int limit, long sinceMillis) {
                return history.top(limit, sinceMillis);
            }

            @Override
            public java.util.Optional<HistoryEntry> find(Fingerprint fingerprint) {
                return history.find(fingerprint);
            }

            @Override
            public int purgeOlderThan(long millis) {
                return history.purgeOlderThan(millis);
            }
        };
        other.record(A, 4, 1_000, WINDOWS, null);

        assertThat(new WriteBack(List.of(refused), refusingPoison, Duration.ofSeconds(30), Clock.systemUTC())
                .syncNow()).isFalse();

        assertThat(history.totalOf(A)).isEqualTo(4);
    }

    @Test
    void aGuardWithoutWriteBackKeepsNoLedger() {
        InMemoryDedupStore guard = new InMemoryDedupStore(10);
        guard.record(A, 2, 1_000, WINDOWS, null);

        assertThat(guard.claim(1_000, Duration.ofSeconds(30))).isEmpty();
    }
}
