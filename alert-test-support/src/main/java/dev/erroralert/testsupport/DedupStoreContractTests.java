package dev.erroralert.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.CountDelta;
import dev.erroralert.store.DedupStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link DedupStore} must show, written once and run against each backend
 * (in-memory, Redis, PostgreSQL, MariaDB, H2). Time is real: windows are a fraction of a second.
 */
public abstract class DedupStoreContractTests {

    private final SeedAlertPolicy policy = SeedAlertPolicy.ofDefaults();

    /**
     * A store instance as a separate application instance would have it (its own connection), sharing the
     * backend with every other instance this method returns.
     */
    protected abstract DedupStore newStore();

    protected static Fingerprint randomFingerprint() {
        return new Fingerprint(UUID.randomUUID().toString().replace("-", ""));
    }

    /**
     * A new store that has answered once, for the tests whose windows are a few hundred milliseconds: a cold first
     * call (a connection to open, a dialect to detect) took 200 ms and more, time a window would lose.
     */
    private DedupStore newWarmStore() {
        DedupStore store = newStore();
        store.record(randomFingerprint(), 1, System.currentTimeMillis(), policy.windows());
        return store;
    }

    private Decision decide(DedupStore store, Fingerprint fingerprint, long delta, DedupWindows windows) {
        return policy.decide(store.record(fingerprint, delta, System.currentTimeMillis(), windows));
    }

    private Decision decide(DedupStore store, Fingerprint fingerprint, long delta) {
        return decide(store, fingerprint, delta, policy.windows());
    }

    @Test
    void newErrorIsSentWithCountOne() {
        DedupStore store = newStore();
        long before = System.currentTimeMillis();

        Decision decision = decide(store, randomFingerprint(), 1);

        assertThat(decision).isInstanceOf(Decision.Send.class);
        assertThat(((Decision.Send) decision).capped()).isFalse();
        Tally tally = decision.tally();
        assertThat(tally.previousCount()).isZero();
        assertThat(tally.count()).isEqualTo(1);
        assertThat(tally.isNew()).isTrue();
        assertThat(tally.firstSeenMillis()).isBetween(before, System.currentTimeMillis());
        assertThat(tally.countedBy()).isEqualTo(store.name());
    }

    @Test
    void occurrencesOneToSixAreSentAndSeventhOnwardSuppressed() {
        DedupStore store = newStore();
        Fingerprint fingerprint = randomFingerprint();

        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            decisions.add(decide(store, fingerprint, 1));
        }

        for (int i = 0; i < 6; i++) {
            assertThat(decisions.get(i)).as("occurrence %d", i + 1).isInstanceOf(Decision.Send.class);
            assertThat(decisions.get(i).tally().count()).isEqualTo(i + 1);
        }
        assertThat(((Decision.Send) decisions.get(4)).capped()).as("the 5th is not the last").isFalse();
        assertThat(((Decision.Send) decisions.get(5)).capped()).as("the 6th says further alerts are suppressed")
                .isTrue();
        for (int i = 6; i < 10; i++) {
            assertThat(decisions.get(i)).as("occurrence %d", i + 1).isInstanceOf(Decision.Suppress.class);
            assertThat(decisions.get(i).tally().count()).isEqualTo(i + 1);
        }
    }

    @Test
    void repeatsKeepTheFirstSeenTime() {
        DedupStore store = newStore();
        Fingerprint fingerprint = randomFingerprint();

        Tally first = store.record(fingerprint, 1, System.currentTimeMillis(), policy.windows());
        Tally second = store.record(fingerprint, 1, System.currentTimeMillis() + 5, policy.windows());

        assertThat(second.firstSeenMillis()).isEqualTo(first.firstSeenMillis());
        assertThat(second.previousCount()).isEqualTo(1);
    }

    @Test
    void fingerprintsAreCountedSeparately() {
        DedupStore store = newStore();
        Fingerprint one = randomFingerprint();
        Fingerprint other = randomFingerprint();

        decide(store, one, 3);
        Decision decision = decide(store, other, 1);

        assertThat(decision.tally().isNew()).isTrue();
        assertThat(decision.tally().count()).isEqualTo(1);
    }

    @Test
    void recordExpiresAfterTheFirstWindowWhenItDidNotRepeat() throws InterruptedException {
        DedupStore store = newWarmStore();
        Fingerprint fingerprint = randomFingerprint();
        DedupWindows windows = new DedupWindows(Duration.ofMillis(300), Duration.ofSeconds(30));

        decide(store, fingerprint, 1, windows);
        Thread.sleep(500);
        Decision afterWindow = decide(store, fingerprint, 1, windows);

        assertThat(afterWindow.tally().isNew()).as("quiet for the first window: new again").isTrue();
        assertThat(afterWindow).isInstanceOf(Decision.Send.class);
    }

    @Test
    void firstSeenStartsAgainAfterTheRecordExpired() throws InterruptedException {
        DedupStore store = newWarmStore();
        Fingerprint fingerprint = randomFingerprint();
        DedupWindows windows = new DedupWindows(Duration.ofMillis(300), Duration.ofSeconds(30));

        Tally first = store.record(fingerprint, 1, System.currentTimeMillis(), windows);
        Thread.sleep(500);
        long afterExpiry = System.currentTimeMillis();
        Tally again = store.record(fingerprint, 1, afterExpiry, windows);

        assertThat(again.isNew()).isTrue();
        assertThat(again.firstSeenMillis()).as("the new record's own first occurrence")
                .isEqualTo(afterExpiry).isGreaterThan(first.firstSeenMillis());
    }

    @Test
    void repeatWindowSlidesWithEachOccurrence() throws InterruptedException {
        DedupStore store = newWarmStore();
        Fingerprint fingerprint = randomFingerprint();
        DedupWindows windows = new DedupWindows(Duration.ofMillis(400), Duration.ofMillis(1200));

        decide(store, fingerprint, 1, windows);
        decide(store, fingerprint, 1, windows);
        // Past the first window but inside the repeat window that the second occurrence started.
        Thread.sleep(700);
        Decision third = decide(store, fingerprint, 1, windows);
        assertThat(third.tally().previousCount()).as("still live after the first window").isEqualTo(2);

        // The third occurrence slid the window again; quiet longer than it and the record is gone.
        Thread.sleep(1600);
        Decision afterQuiet = decide(store, fingerprint, 1, windows);
        assertThat(afterQuiet.tally().isNew()).as("quiet for a whole repeat window: new again").isTrue();
    }

    @Test
    void suppressedErrorAlertsAgainAfterItWentQuiet() throws InterruptedException {
        DedupStore store = newWarmStore();
        Fingerprint fingerprint = randomFingerprint();
        DedupWindows windows = new DedupWindows(Duration.ofMillis(300), Duration.ofMillis(300));

        decide(store, fingerprint, 20, windows);
        assertThat(decide(store, fingerprint, 1, windows)).isInstanceOf(Decision.Suppress.class);
        Thread.sleep(500);

        assertThat(decide(store, fingerprint, 1, windows)).isInstanceOf(Decision.Send.class);
    }

    @Test
    void aBatchCountsEachErrorAsItsOwnStepAndAnswersInOrder() {
        DedupStore store = newStore();
        List<Fingerprint> known = new ArrayList<>();
        List<CountDelta> batch = new ArrayList<>();
        // Enough errors to span several buckets, every other one already live with seven occurrences.
        for (int i = 0; i < 40; i++) {
            Fingerprint fingerprint = randomFingerprint();
            if (i % 2 == 0) {
                store.record(fingerprint, 7, System.currentTimeMillis(), policy.windows());
            }
            known.add(fingerprint);
            batch.add(new CountDelta(fingerprint, i + 1, null));
        }

        List<Tally> tallies = store.recordAll(batch, System.currentTimeMillis(), policy.windows());

        assertThat(tallies).hasSize(40);
        for (int i = 0; i < 40; i++) {
            Tally tally = tallies.get(i);
            long before = i % 2 == 0 ? 7 : 0;
            assertThat(tally.previousCount()).as("error %d before", i).isEqualTo(before);
            assertThat(tally.count()).as("error %d after", i).isEqualTo(before + i + 1);
            assertThat(tally.countedBy()).isEqualTo(store.name());
            assertThat(policy.decide(tally)).as("error %d", i)
                    .isInstanceOf(i % 2 == 0 ? Decision.Suppress.class : Decision.Send.class);
            // The next step sees what the batch counted.
            assertThat(store.record(known.get(i), 1, System.currentTimeMillis(), policy.windows()).previousCount())
                    .isEqualTo(before + i + 1);
        }
    }

    @Test
    void aBatchSlidesTheRepeatWindowAsASingleStepDoes() throws InterruptedException {
        DedupStore store = newWarmStore();
        Fingerprint fingerprint = randomFingerprint();
        DedupWindows windows = new DedupWindows(Duration.ofMillis(400), Duration.ofMillis(1200));

        decide(store, fingerprint, 8, windows);
        Thread.sleep(700);
        Tally synced = store.recordAll(List.of(new CountDelta(fingerprint, 5, null)), System.currentTimeMillis(),
                windows).get(0);
        assertThat(synced.previousCount()).as("still live").isEqualTo(8);
        // 700 ms more: past the window the first step set, inside the one the batch slid.
        Thread.sleep(700);
        Decision next = decide(store, fingerprint, 1, windows);
        assertThat(next.tally().previousCount()).as("the batch slid the record").isEqualTo(13);
    }

    @Test
    void aggregatedDeltaSendsOneAlertWhenAnyOccurrenceWouldHaveBeenSent() {
        DedupStore store = newStore();
        Fingerprint fingerprint = randomFingerprint();

        Decision firstThree = decide(store, fingerprint, 3);
        assertThat(firstThree).isInstanceOf(Decision.Send.class);
        assertThat(firstThree.tally().count()).isEqualTo(3);
        assertThat(((Decision.Send) firstThree).capped()).isFalse();

        Decision nextTwo = decide(store, fingerprint, 2);
        assertThat(nextTwo).isInstanceOf(Decision.Send.class);
        assertThat(((Decision.Send) nextTwo).capped()).as("occurrences 4 and 5").isFalse();

        // Occurrences 6..9: the 6th (5 before it) is still alerted and it is the capped one.
        Decision crossingCap = decide(store, fingerprint, 4);
        assertThat(crossingCap).isInstanceOf(Decision.Send.class);
        assertThat(((Decision.Send) crossingCap).capped()).isTrue();
        assertThat(crossingCap.tally().previousCount()).isEqualTo(5);
        assertThat(crossingCap.tally().count()).isEqualTo(9);

        assertThat(decide(store, fingerprint, 100)).isInstanceOf(Decision.Suppress.class);
    }

    @Test
    void aggregatedNewErrorPastTheCapIsSentOnceAndCapped() {
        Decision decision = decide(newStore(), randomFingerprint(), 50);

        assertThat(decision).isInstanceOf(Decision.Send.class);
        assertThat(((Decision.Send) decision).capped()).isTrue();
        assertThat(decision.tally().count()).isEqualTo(50);
        assertThat(decision.tally().isNew()).isTrue();
    }

    @Test
    void aggregatedFirstStepGetsTheRepeatWindow() throws InterruptedException {
        DedupStore store = newWarmStore();
        Fingerprint fingerprint = randomFingerprint();
        DedupWindows windows = new DedupWindows(Duration.ofMillis(300), Duration.ofSeconds(30));

        // Two occurrences at once behave like a first and a repeat: the record lives for the repeat window.
        decide(store, fingerprint, 2, windows);
        Thread.sleep(500);

        assertThat(decide(store, fingerprint, 1, windows).tally().previousCount()).isEqualTo(2);
    }

    @Test
    void racingInstancesAgreeOnExactlyOneNewOccurrence() throws Exception {
        int threads = 8;
        int perThread = 50;
        List<DedupStore> instances = List.of(newStore(), newStore());
        Fingerprint fingerprint = randomFingerprint();
        Set<Long> previousCounts = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                DedupStore instance = instances.get(t % instances.size());
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        Tally tally = instance.record(fingerprint, 1, System.currentTimeMillis(),
                                policy.windows());
                        assertThat(previousCounts.add(tally.previousCount()))
                                .as("count before %d seen twice", tally.previousCount()).isTrue();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }

        // Every step saw a distinct count before it: exactly one saw 0 (the one "new" alert), none was lost.
        assertThat(previousCounts).containsExactlyInAnyOrderElementsOf(
                LongStream.range(0, (long) threads * perThread).boxed().toList());
    }

    @Test
    void racingInstancesCountEveryAggregatedOccurrenceOnce() throws Exception {
        int threads = 8;
        int perThread = 50;
        List<DedupStore> instances = List.of(newStore(), newStore());
        Fingerprint fingerprint = randomFingerprint();
        AtomicLong added = new AtomicLong();
        List<Tally> tallies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                DedupStore instance = instances.get(t % instances.size());
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        long delta = ThreadLocalRandom.current().nextLong(1, 6);
                        added.addAndGet(delta);
                        tallies.add(instance.record(fingerprint, delta, System.currentTimeMillis(),
                                policy.windows()));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }

        long finalCount = instances.get(0).record(fingerprint, 1, System.currentTimeMillis(), policy.windows())
                .previousCount();
        assertThat(finalCount).as("the stored count is the sum of every step's delta").isEqualTo(added.get());
        assertThat(tallies).as("steps that saw a new record").filteredOn(Tally::isNew).hasSize(1);
    }
}
