package dev.erroralert.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.HistoryDelta;
import dev.erroralert.history.PendingBatch;
import dev.erroralert.history.QuietEpisode;
import dev.erroralert.history.WriteBack;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.InMemoryHistoryStore;
import dev.erroralert.testsupport.PendingCountsContractTests;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis side of the write-back against a real Redis: what each step keeps pending, the two-phase claim, and exact
 * totals with several instances counting and syncing at once, one of them dying between its claim and its commit.
 */
class RedisWriteBackIntegrationTests {

    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));
    private static final Duration LEASE = Duration.ofMillis(300);
    private static final ErrorDetails DETAILS = new ErrorDetails("java.lang.IllegalStateException",
            "gateway: down | 12:30", "com.example.OrderService#place", "shop", "prod");

    private final EmbeddedRedisServer redis = EmbeddedRedisServer.shared();
    // A prefix per test: each starts with nothing pending, whatever ran before on the shared server.
    private final String prefix = "wb-" + UUID.randomUUID() + ":";
    private final List<RedisDedupStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(RedisDedupStore::close);
    }

    private RedisDedupStore newStore(boolean writeBack) {
        RedisDedupStore store = new RedisDedupStore(RedisURI.create(redis.uri()),
                new RedisStoreSettings(prefix, Duration.ofSeconds(2), Duration.ofSeconds(2), writeBack, false));
        stores.add(store);
        return store;
    }

    private static Fingerprint fingerprint(int i) {
        return new Fingerprint("%x%031x".formatted(i % 16, i));
    }

    private static Map<Fingerprint, HistoryDelta> byFingerprint(List<PendingBatch> batches) {
        Map<Fingerprint, HistoryDelta> deltas = new ConcurrentHashMap<>();
        batches.forEach((batch) -> batch.deltas().forEach((delta) -> deltas.put(delta.fingerprint(), delta)));
        return deltas;
    }

    @Test
    void aStepKeepsItsOccurrencesAlertsAndDetailsPendingUntilClaimed() {
        RedisDedupStore store = newStore(true);
        Fingerprint fingerprint = fingerprint(1);
        Tally first = store.record(fingerprint, 1, 1_000, WINDOWS, DETAILS);
        store.recordAlerted(fingerprint, first, 1_000);
        store.record(fingerprint, 4, 2_000, WINDOWS, null);

        List<PendingBatch> batches = store.claim(3_000, LEASE);

        assertThat(batches).hasSize(1);
        assertThat(byFingerprint(batches).get(fingerprint))
                .isEqualTo(new HistoryDelta(fingerprint, 5, 1, 1, 1_000, 2_000, DETAILS));
        store.acknowledge(batches.get(0));
        assertThat(store.claim(4_000, LEASE)).isEmpty();
        try (RedisClient client = RedisClient.create(redis.uri());
                StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().keys(prefix + "*")).containsExactly(RedisKeys.record(prefix, fingerprint));
        }
    }

    @Test
    void withoutAWriteBackNothingIsKeptPending() {
        RedisDedupStore store = newStore(false);
        store.record(fingerprint(2), 3, 1_000, WINDOWS, DETAILS);

        assertThat(store.claim(2_000, LEASE)).isEmpty();
    }

    @Test
    void anUnacknowledgedBatchIsTakenAgainByItsOwnerAtOnceAndByOthersOnlyAfterTheLease() throws InterruptedException {
        RedisDedupStore owner = newStore(true);
        RedisDedupStore other = newStore(true);
        owner.record(fingerprint(3), 2, System.currentTimeMillis(), WINDOWS, null);

        List<PendingBatch> claimed = owner.claim(System.currentTimeMillis(), LEASE);
        assertThat(claimed).hasSize(1);
        assertThat(other.claim(System.currentTimeMillis(), LEASE)).isEmpty();
        assertThat(owner.claim(System.currentTimeMillis(), LEASE)).containsExactlyElementsOf(claimed);

        Thread.sleep(LEASE.toMillis() + 100);
        List<PendingBatch> takenOver = other.claim(System.currentTimeMillis(), LEASE);
        assertThat(takenOver).containsExactlyElementsOf(claimed);
        other.acknowledge(takenOver.get(0));
        assertThat(owner.claim(System.currentTimeMillis(), LEASE)).isEmpty();
    }

    @Test
    void whileItsBatchWaitsAnInstanceLetsNewCountsMergeInsteadOfPilingUpBatches() {
        RedisDedupStore store = newStore(true);
        for (int sync = 0; sync < 20; sync++) {
            for (int i = 0; i < 16; i++) {
                store.record(fingerprint(i), 1, 1_000 + sync, WINDOWS, null);
            }
            // Claimed, never applied nor acknowledged: a history that stays down.
            store.claim(2_000 + sync, LEASE);
        }

        List<PendingBatch> held = store.claim(3_000, LEASE);

        assertThat(held).as("one batch per bucket, the first claimed").hasSize(16)
                .allSatisfy((batch) -> assertThat(batch.deltas()).singleElement()
                        .extracting(HistoryDelta::occurrences).isEqualTo(1L));
        held.forEach(store::acknowledge);
        assertThat(byFingerprint(store.claim(4_000, LEASE)).values()).hasSize(16)
                .allSatisfy((delta) -> assertThat(delta.occurrences()).isEqualTo(19));
    }

    @Test
    void aBucketThatFailsLosesNoQuietEpisodeTakenFromTheOthers() throws InterruptedException {
        RedisDedupStore store = new RedisDedupStore(RedisURI.create(redis.uri()),
                new RedisStoreSettings(prefix, Duration.ofSeconds(2), Duration.ofSeconds(2), false, true));
        stores.add(store);
        DedupWindows shortWindows = new DedupWindows(Duration.ofMillis(200), Duration.ofMillis(200));
        Fingerprint inFirstBucket = new Fingerprint("0" + "a".repeat(31));
        store.record(inFirstBucket, 9, System.currentTimeMillis(), shortWindows, null);
        Thread.sleep(400);
        try (RedisClient client = RedisClient.create(redis.uri());
                StatefulRedisConnection<String, String> connection = client.connect()) {
            // Bucket 5's key of the wrong type: its script fails with WRONGTYPE.
            connection.sync().set(prefix + "{5}quiet", "not a sorted set");

            assertThat(store.takeQuiet(System.currentTimeMillis(), 100))
                    .extracting(QuietEpisode::fingerprint).containsExactly(inFirstBucket);
        }
    }

    /**
     * Two instances count 100 fingerprints from four threads while both sync every few milliseconds; the history
     * fails now and then half-way, and a third instance dies after its claim (never applies nor acknowledges). After
     * the final syncs the history holds exactly what was counted, per fingerprint.
     */
    @Test
    void racingInstancesSyncingAtOnceThroughFailuresWriteBackExactTotals() throws Exception {
        RedisDedupStore first = newStore(true);
        RedisDedupStore second = newStore(true);
        // An instance that claims once and dies before applying: only the lease lets the others take its batches.
        RedisDedupStore dying = newStore(true);
        InMemoryHistoryStore history = new InMemoryHistoryStore();
        WriteBack firstWriteBack = new WriteBack(List.of(first), history, LEASE, Clock.systemUTC());
        WriteBack secondWriteBack = new WriteBack(List.of(second), history, LEASE, Clock.systemUTC());
        Map<Fingerprint, AtomicLong> counted = new ConcurrentHashMap<>();
        AtomicBoolean counting = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Future<?>> counters = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            RedisDedupStore store = t % 2 == 0 ? first : second;
            counters.add(threads.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 1_500; i++) {
                    Fingerprint fingerprint = fingerprint(random.nextInt(100));
                    long delta = 1 + random.nextInt(5);
                    store.record(fingerprint, delta, System.currentTimeMillis(), WINDOWS, DETAILS);
                    counted.computeIfAbsent(fingerprint, (fp) -> new AtomicLong()).addAndGet(delta);
                }
                return null;
            }));
        }
        Future<?> syncs = threads.submit(() -> {
            int round = 0;
            while (counting.get()) {
                round++;
                if (round == 3) {
                    assertThat(dying.claim(System.currentTimeMillis(), LEASE)).isNotEmpty();
                    dying.close();
                }
                if (round % 5 == 0) {
                    history.failNext(1);
                }
                (round % 2 == 0 ? firstWriteBack : secondWriteBack).syncNow();
            }
            return null;
        });
        for (Future<?> counter : counters) {
            counter.get(60, TimeUnit.SECONDS);
        }
        counting.set(false);
        syncs.get(60, TimeUnit.SECONDS);
        threads.shutdown();

        Thread.sleep(LEASE.toMillis() + 100);
        assertThat(secondWriteBack.syncNow()).isTrue();
        assertThat(firstWriteBack.syncNow()).isTrue();

        assertThat(counted).hasSizeGreaterThan(90);
        counted.forEach((fingerprint, total) -> assertThat(history.totalOf(fingerprint)).as("total of %s", fingerprint)
                .isEqualTo(total.get()));
        assertThat(first.claim(System.currentTimeMillis(), LEASE)).isEmpty();
        assertThat(IntStream.range(0, 100).mapToLong((i) -> history.totalOf(fingerprint(i))).sum())
                .isEqualTo(counted.values().stream().mapToLong(AtomicLong::get).sum());
    }

    /** The contract of pending counts on a real Redis, under this test's key prefix. */
    @Nested
    class AsPendingCounts extends PendingCountsContractTests<RedisDedupStore> {

        @Override
        protected RedisDedupStore newStore() {
            return RedisWriteBackIntegrationTests.this.newStore(true);
        }
    }
}
