package dev.erroralert.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.HistoryDelta;
import dev.erroralert.history.PendingBatch;
import dev.erroralert.history.PendingCounts;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.CountDelta;
import dev.erroralert.store.DedupStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link PendingCounts} must show, written once and run against each of them (Redis, the direct
 * link's in-memory ledger): what the store counted is claimed in batches, a batch claimed and not acknowledged is
 * offered again unchanged, an acknowledged one never again, and counts made after a claim go to a later batch. Over
 * any sequence of claims and acknowledgements, the distinct batches add up to exactly what was counted: nothing lost,
 * nothing twice. Several instances sharing one backend (leases) are each backend's own tests: the in-memory ledger
 * has none.
 *
 * @param <S> the store under test, which counts what it keeps pending
 */
public abstract class PendingCountsContractTests<S extends DedupStore & PendingCounts> {

    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));

    // Longer than any test: a batch is only ever taken again by the instance that claimed it.
    private static final Duration LEASE = Duration.ofMinutes(10);

    private static final ErrorDetails DETAILS = new ErrorDetails("java.lang.IllegalStateException",
            "gateway: down | 12:30", "com.example.OrderService#place", "shop", "prod");

    // Only a guard so that a broken store fails the test instead of hanging it.
    private static final int MOST_CLAIMS_TO_DRAIN = 100;

    /** A store keeping counts pending for the history, on a backend (or key prefix) of its own with none yet. */
    protected abstract S newStore();

    /** The i-th of a set of fingerprints whose first digits differ, so that a store spreading them by it does. */
    private static Fingerprint fingerprint(int i) {
        return new Fingerprint("%x%031x".formatted(i % 16, i));
    }

    /** The deltas of {@code batches} added up per fingerprint, as the history would after applying each once. */
    private static Map<Fingerprint, HistoryDelta> added(Iterable<PendingBatch> batches) {
        Map<Fingerprint, HistoryDelta> sums = new HashMap<>();
        for (PendingBatch batch : batches) {
            for (HistoryDelta delta : batch.deltas()) {
                sums.merge(delta.fingerprint(), delta, (a, b) -> new HistoryDelta(a.fingerprint(),
                        a.occurrences() + b.occurrences(), a.alertsSent() + b.alertsSent(),
                        a.alertedOccurrences() + b.alertedOccurrences(),
                        Math.min(a.firstSeenMillis(), b.firstSeenMillis()),
                        Math.max(a.lastSeenMillis(), b.lastSeenMillis()),
                        a.details() != null ? a.details() : b.details()));
            }
        }
        return sums;
    }

    /**
     * Claim and acknowledge until nothing is pending, as write-backs to a history that never fails would; returns
     * every batch taken by id, checking that a batch taken again is the same.
     */
    private static Map<String, PendingBatch> drain(PendingCounts store, Map<String, PendingBatch> taken) {
        for (int claims = 0; claims < MOST_CLAIMS_TO_DRAIN; claims++) {
            List<PendingBatch> batches = store.claim(System.currentTimeMillis(), LEASE);
            if (batches.isEmpty()) {
                return taken;
            }
            for (PendingBatch batch : batches) {
                takeOnce(taken, batch);
                store.acknowledge(batch);
            }
        }
        throw new AssertionError("still pending after " + MOST_CLAIMS_TO_DRAIN + " claims, all acknowledged");
    }

    private static void takeOnce(Map<String, PendingBatch> taken, PendingBatch batch) {
        assertThat(batch.deltas()).as("one delta per fingerprint in batch %s", batch.id())
                .extracting(HistoryDelta::fingerprint).doesNotHaveDuplicates();
        PendingBatch before = taken.putIfAbsent(batch.id(), batch);
        if (before != null) {
            assertThat(batch).as("batch %s taken again", batch.id()).isEqualTo(before);
        }
    }

    @Test
    void nothingCountedLeavesNothingToClaim() {
        assertThat(newStore().claim(System.currentTimeMillis(), LEASE)).isEmpty();
    }

    @Test
    void whatWasCountedIsClaimedWithItsOccurrencesAlertsFirstAndLastSeenAndDetails() {
        S store = newStore();
        Fingerprint alerted = fingerprint(1);
        Fingerprint suppressed = fingerprint(2);
        Tally first = store.record(alerted, 1, 1_000, WINDOWS, DETAILS);
        store.recordAlerted(alerted, first, 1_000);
        store.record(alerted, 4, 2_000, WINDOWS, null);
        store.record(suppressed, 3, 1_500, WINDOWS, null);

        List<PendingBatch> batches = store.claim(3_000, LEASE);

        assertThat(added(batches)).containsOnly(
                Map.entry(alerted, new HistoryDelta(alerted, 5, 1, 1, 1_000, 2_000, DETAILS)),
                Map.entry(suppressed, new HistoryDelta(suppressed, 3, 0, 0, 1_500, 1_500, null)));
    }

    @Test
    void alertsNotedWithTheErrorsNextStepAreClaimedAsAlertsNotedOnTheirOwn() {
        S store = newStore();
        Fingerprint alerted = fingerprint(1);
        Tally first = store.record(alerted, 1, 1_000, WINDOWS, DETAILS);
        Tally second = store.recordAll(List.of(new CountDelta(alerted, 2, null, 1_000, List.of(first))), 2_000,
                WINDOWS).get(0);
        // An alert of another store's step is not this store's to note.
        Tally elsewhere = new Tally(0, 1, 1_000, "another-store");
        store.recordAll(List.of(new CountDelta(alerted, 2, null, 1_000, List.of(second, elsewhere))), 3_000, WINDOWS);

        List<PendingBatch> batches = store.claim(4_000, LEASE);

        assertThat(added(batches)).containsOnly(
                Map.entry(alerted, new HistoryDelta(alerted, 5, 2, 3, 1_000, 3_000, DETAILS)));
    }

    @Test
    void acknowledgedBatchesAreNeverClaimedAgain() {
        S store = newStore();
        store.record(fingerprint(3), 2, 1_000, WINDOWS, DETAILS);
        store.record(fingerprint(4), 1, 1_000, WINDOWS, DETAILS);
        List<PendingBatch> batches = store.claim(2_000, LEASE);
        assertThat(batches).isNotEmpty();

        batches.forEach(store::acknowledge);

        assertThat(store.claim(3_000, LEASE)).isEmpty();
    }

    @Test
    void batchNotAcknowledgedIsClaimedAgainUnchanged() {
        S store = newStore();
        store.record(fingerprint(5), 2, 1_000, WINDOWS, DETAILS);
        List<PendingBatch> claimed = store.claim(2_000, LEASE);
        assertThat(claimed).isNotEmpty();

        // The history failed: nothing acknowledged.
        List<PendingBatch> again = store.claim(3_000, LEASE);

        assertThat(again).containsExactlyInAnyOrderElementsOf(claimed);
    }

    @Test
    void countsAfterAClaimStayOutOfTheClaimedBatchesAndAreClaimedLaterOnce() {
        S store = newStore();
        Fingerprint fingerprint = fingerprint(6);
        store.record(fingerprint, 2, 1_000, WINDOWS, DETAILS);
        List<PendingBatch> claimed = store.claim(2_000, LEASE);

        store.record(fingerprint, 3, 2_500, WINDOWS, null);
        List<PendingBatch> claimedAgain = store.claim(3_000, LEASE);

        assertThat(claimedAgain).as("the claimed batches, unchanged").containsAll(claimed);
        assertThat(added(claimed).values()).extracting(HistoryDelta::occurrences).containsExactly(2L);
        Map<String, PendingBatch> taken = new LinkedHashMap<>();
        claimed.forEach((batch) -> takeOnce(taken, batch));
        assertThat(added(drain(store, taken).values()).get(fingerprint))
                .isEqualTo(new HistoryDelta(fingerprint, 5, 0, 0, 1_000, 2_500, DETAILS));
    }

    @Test
    void batchIdsAreNeverReused() {
        S store = newStore();
        Map<String, PendingBatch> taken = new LinkedHashMap<>();
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 4; i++) {
                store.record(fingerprint(i), 1, 1_000 + round, WINDOWS, null);
            }
            for (PendingBatch batch : store.claim(2_000 + round, LEASE)) {
                assertThat(taken).as("a new batch after every acknowledgement").doesNotContainKey(batch.id());
                taken.put(batch.id(), batch);
                store.acknowledge(batch);
            }
        }

        assertThat(added(taken.values()).values()).hasSize(4)
                .allSatisfy((delta) -> assertThat(delta.occurrences()).isEqualTo(5));
    }

    /**
     * Four threads count 50 errors, one at a time and in batches, while another claims again and again and
     * acknowledges only some of what it claims, as a write-back whose history fails now and then. After a last
     * drain, the distinct batches add up to exactly what was counted, per error.
     */
    @Test
    void countingWhileClaimingLosesNothingAndHandsNothingOverTwice() throws Exception {
        S store = newStore();
        Map<Fingerprint, AtomicLong> occurrences = new ConcurrentHashMap<>();
        Map<Fingerprint, AtomicLong> alerts = new ConcurrentHashMap<>();
        Map<String, PendingBatch> taken = new ConcurrentHashMap<>();
        AtomicBoolean counting = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try {
            List<Future<?>> counters = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean inBatches = t % 2 == 1;
                counters.add(threads.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 500; i++) {
                        Fingerprint fingerprint = fingerprint(random.nextInt(50));
                        long delta = 1 + random.nextInt(5);
                        long now = System.currentTimeMillis();
                        Tally tally = inBatches
                                ? store.recordAll(List.of(new CountDelta(fingerprint, delta, DETAILS)), now, WINDOWS)
                                        .get(0)
                                : store.record(fingerprint, delta, now, WINDOWS, DETAILS);
                        occurrences.computeIfAbsent(fingerprint, (fp) -> new AtomicLong()).addAndGet(delta);
                        if (i % 10 == 0) {
                            store.recordAlerted(fingerprint, tally, now);
                            alerts.computeIfAbsent(fingerprint, (fp) -> new AtomicLong()).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            Future<?> claims = threads.submit(() -> {
                int round = 0;
                while (counting.get()) {
                    round++;
                    for (PendingBatch batch : store.claim(System.currentTimeMillis(), LEASE)) {
                        takeOnce(taken, batch);
                        if (round % 3 != 0) {
                            store.acknowledge(batch);
                        }
                    }
                }
                return null;
            });
            for (Future<?> counter : counters) {
                counter.get(60, TimeUnit.SECONDS);
            }
            counting.set(false);
            claims.get(60, TimeUnit.SECONDS);
        }
        finally {
            threads.shutdownNow();
        }

        // Per error: occurrences, then alerts.
        Map<Fingerprint, List<Long>> counted = new HashMap<>();
        occurrences.forEach((fingerprint, total) -> counted.put(fingerprint,
                List.of(total.get(), alerts.getOrDefault(fingerprint, new AtomicLong()).get())));
        Map<Fingerprint, List<Long>> handedOver = new HashMap<>();
        added(drain(store, taken).values()).forEach((fingerprint, delta) -> handedOver.put(fingerprint,
                List.of(delta.occurrences(), delta.alertsSent())));

        assertThat(handedOver).isEqualTo(counted);
    }
}
