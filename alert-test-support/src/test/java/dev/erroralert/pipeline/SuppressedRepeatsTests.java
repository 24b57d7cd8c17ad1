package dev.erroralert.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.notify.Alert;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.DedupStore;
import dev.erroralert.store.InMemoryDedupStore;
import dev.erroralert.testsupport.RecordingDestination;
import dev.erroralert.testsupport.SwitchableDedupStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Repeats of an error known to stay suppressed are counted by the instance and sent to the store at the slow
 * suppressed-sync interval; new errors, alerts 2 to 6 and changes of store are judged as before.
 */
class SuppressedRepeatsTests {

    private static final CaptureSite ORDERS = CaptureSite.of("com.example.OrderService", "place");

    private final SwitchableDedupStore redis = new SwitchableDedupStore("redis");
    private final SwitchableDedupStore jdbc = new SwitchableDedupStore("jdbc");
    private final RecordingDestination destination = new RecordingDestination();
    private final List<Alert> alerts = destination.alerts;
    private AlertPipeline pipeline;

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private void start(List<DedupStore> stores, Duration syncInterval) {
        start(stores, syncInterval, SeedAlertPolicy.ofDefaults());
    }

    private void start(List<DedupStore> stores, Duration syncInterval, SeedAlertPolicy policy) {
        DecisionChain chain = new DecisionChain(stores, policy, new InMemoryDedupStore(),
                Duration.ofMillis(50));
        pipeline = AlertPipeline.builder(chain)
                .delivery(destination.unpacedEngine())
                .settings(new PipelineSettings(2_048, 10_000, Duration.ofMillis(5), Duration.ofSeconds(10),
                        syncInterval))
                .build()
                .start();
    }

    private static IllegalStateException orderError(long id) {
        return new IllegalStateException("order " + id + " not found");
    }

    /**
     * A storm of {@code n} occurrences, all judged (or held) before returning; one occurrence is judged on its own.
     * Each test calls only this, so all its occurrences share one fingerprint (the stack is part of it).
     */
    private void storm(int n) {
        long before = pipeline.stats().judged();
        for (int i = 0; i < n; i++) {
            pipeline.capture(orderError(i), ORDERS);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.stats().judged() == before + n);
    }

    @Test
    void aSuppressedErrorIsNotAskedAboutEveryFlushAndItsTotalReachesTheStoreExactly() {
        start(List.of(redis), Duration.ofHours(1));
        for (int i = 0; i < 7; i++) {
            storm(1);
        }
        int callsOnceSuppressed = redis.calls.get();

        for (int round = 0; round < 20; round++) {
            storm(500);
        }

        assertThat(redis.calls.get()).as("store calls for 10,000 repeats of a suppressed error")
                .isEqualTo(callsOnceSuppressed);
        assertThat(alerts).extracting(Alert::count).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        Fingerprint fingerprint = alerts.get(0).fingerprint();
        // Closing sends what is held: nothing counted here is lost.
        pipeline.close();
        assertThat(redis.totalOf(fingerprint)).isEqualTo(10_007);
    }

    @Test
    void theSyncsOfErrorsSuppressedAtDifferentTimesFallTogetherIntoOneBatch() throws InterruptedException {
        start(List.of(redis), Duration.ofMillis(400));
        // Each error thrown from this method only: its frames, and so its fingerprint, stay the same.
        for (int i = 0; i < 7; i++) {
            capture(orderError(i));
        }
        Thread.sleep(200);
        for (int i = 0; i < 7; i++) {
            capture(new IllegalArgumentException("card " + i + " declined"));
        }

        // Long enough for three syncs while the interval grows (0.4 s, then 0.8 s, then 1.6 s).
        long until = System.nanoTime() + Duration.ofMillis(3_200).toNanos();
        int batchesBefore = redis.batches.size();
        while (System.nanoTime() - until < 0) {
            capture(orderError(1));
            capture(new IllegalArgumentException("card 1 declined"));
            Thread.sleep(5);
        }
        List<Integer> batches = List.copyOf(redis.batches.subList(batchesBefore, redis.batches.size()));
        pipeline.close();

        // About one batch an interval holding both errors, not one per error at its own time (the first may find the
        // second error not yet holding any).
        assertThat(batches).hasSizeGreaterThanOrEqualTo(3);
        assertThat(batches.subList(1, batches.size())).allSatisfy(size -> assertThat(size).isEqualTo(2));
        assertThat(batches).hasSizeLessThanOrEqualTo(3_200 / 400 + 2);
        assertThat(alerts).hasSize(12);
    }

    @Test
    void theSyncIntervalOfAnErrorThatStaysSuppressedGrowsToFourTimesTheSetting() throws InterruptedException {
        start(List.of(redis), Duration.ofMillis(250));
        for (int i = 0; i < 7; i++) {
            capture(orderError(i));
        }
        List<Long> syncedAt = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        int batchesBefore = redis.batches.size();
        long until = started + Duration.ofMillis(5_000).toNanos();
        while (System.nanoTime() - until < 0) {
            capture(orderError(1));
            if (redis.batches.size() > batchesBefore + syncedAt.size()) {
                syncedAt.add((System.nanoTime() - started) / 1_000_000);
            }
            Thread.sleep(5);
        }
        pipeline.close();

        // 0.25 s, then 0.5 s, 1 s, 1 s...: five syncs in 5 s, where a fixed interval makes twenty.
        assertThat(syncedAt).hasSizeBetween(4, 6);
        for (int i = 2; i < syncedAt.size(); i++) {
            assertThat(syncedAt.get(i) - syncedAt.get(i - 1)).as("gap before sync %d", i).isGreaterThan(700);
        }
        assertThat(redis.totalOf(alerts.get(0).fingerprint())).as("every occurrence counted")
                .isEqualTo(pipeline.stats().captured());
    }

    /** One occurrence, judged (or held) before returning. */
    private void capture(RuntimeException error) {
        long before = pipeline.stats().judged();
        pipeline.capture(error, ORDERS);
        await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.stats().judged() == before + 1);
    }

    @Test
    void heldRepeatsReachTheStoreAtTheSyncIntervalEvenWhenTheErrorStops() {
        start(List.of(redis), Duration.ofMillis(300));
        for (int i = 0; i < 7; i++) {
            storm(1);
        }
        storm(1_000);
        Fingerprint fingerprint = alerts.get(0).fingerprint();

        // Not closed: the sync alone brings the store to the exact total, in one call for the whole storm's tail.
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.totalOf(fingerprint) == 1_007);
        assertThat(alerts).hasSize(6);
    }

    @Test
    void aStoreRestartedEmptyWhileTheRecordMustBeLiveContinuesTheCountWithoutAlerting() {
        start(List.of(redis), Duration.ofMillis(200));
        for (int i = 0; i < 7; i++) {
            storm(1);
        }
        // Restarted between two syncs: the instance notices only at the next one, when the store answers "new".
        redis.restartEmpty();
        storm(100);
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.recordsHeld() > 0);
        storm(100);
        pipeline.close();

        assertThat(alerts).as("no alert anew: the record could not have expired").hasSize(6);
        assertThat(pipeline.stats().alertsSuppressed()).isPositive();
    }

    @Test
    void aRecordThatExpiredIsJudgedAfresh() throws InterruptedException {
        start(List.of(redis), Duration.ofSeconds(10),
                new SeedAlertPolicy(Duration.ofMillis(300), Duration.ofMillis(600), 5));
        for (int i = 0; i < 7; i++) {
            storm(1);
        }
        storm(100);
        // Quiet for longer than the repeat window: the held repeats were sent (the interval is capped at a quarter
        // of the window), then the record expired.
        Thread.sleep(1_500);
        storm(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> alerts.size() == 7);
        assertThat(alerts.get(6).decision().tally().isNew()).as("a new episode").isTrue();
        assertThat(alerts.get(6).count()).isEqualTo(1);
    }

    @Test
    void anErrorAtTheCapStaysSuppressedAcrossAFailoverAndBack() throws InterruptedException {
        start(List.of(redis, jdbc), Duration.ofMillis(200));
        for (int i = 0; i < 10; i++) {
            storm(1);
        }
        assertThat(alerts).hasSize(6);

        redis.goDown();
        for (int round = 0; round < 10; round++) {
            storm(30);
            Thread.sleep(50);
        }
        assertThat(jdbc.calls.get()).as("the database took over").isPositive();
        redis.restartEmpty();
        redis.calls.set(0);
        redis.comeBack();
        for (int round = 0; round < 10; round++) {
            storm(30);
            Thread.sleep(50);
        }
        assertThat(redis.calls.get()).as("the restarted Redis took over again").isPositive();
        pipeline.close();

        assertThat(alerts).as("alerts after the failover and back").hasSize(6);
    }

    @Test
    void anErrorAlertedThreeTimesGoesOnAtFourAfterAFailover() {
        start(List.of(redis, jdbc), Duration.ofMillis(200));
        for (int i = 0; i < 3; i++) {
            storm(1);
        }
        redis.goDown();
        storm(1);

        assertThat(alerts).extracting(Alert::count).containsExactly(1L, 2L, 3L, 4L);
        assertThat(jdbc.calls.get()).as("the database counted the fourth").isEqualTo(1);
    }
}
