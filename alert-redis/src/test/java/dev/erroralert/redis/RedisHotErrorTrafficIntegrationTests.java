package dev.erroralert.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.event.CaptureSite;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.pipeline.PipelineSettings;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.store.CountDelta;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.InMemoryDedupStore;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.RecordingDestination;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One hot error against a real Redis: once it is suppressed, its repeats cost Redis one script call per
 * suppressed-sync interval, not one per flush, and Redis still counts every occurrence.
 * <p>
 * {@code -Dhot-error.seconds=20} runs the measurement (one error at about 1,000 a second for 20 s with the
 * default 10 s interval) and prints the figures; the assertion is the same.
 */
class RedisHotErrorTrafficIntegrationTests {

    private static final CaptureSite PAYMENTS = CaptureSite.of("com.example.PaymentService", "charge");

    private EmbeddedRedisServer redis;
    private RedisClient adminClient;
    private StatefulRedisConnection<String, String> adminConnection;
    private RedisCommands<String, String> admin;
    private RedisDedupStore store;
    private AlertPipeline pipeline;
    private final RecordingDestination destination = new RecordingDestination();

    @BeforeEach
    void start() {
        redis = EmbeddedRedisServer.startNew();
        adminClient = RedisClient.create(redis.uri());
        adminConnection = adminClient.connect();
        admin = adminConnection.sync();
        store = new RedisDedupStore(RedisURI.create(redis.uri()), RedisStoreSettings.ofDefaults());
    }

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        store.close();
        adminConnection.close();
        adminClient.shutdown();
        redis.close();
    }

    @Test
    void aHotSuppressedErrorCostsOneScriptCallPerSyncIntervalAndEveryOccurrenceIsCounted() {
        long seconds = Long.getLong("hot-error.seconds", 3);
        Duration syncInterval = seconds >= 20 ? PipelineSettings.DEFAULT_SUPPRESSED_SYNC_INTERVAL
                : Duration.ofMillis(500);
        pipeline = AlertPipeline.builder(new DecisionChain(List.of(store), SeedAlertPolicy.ofDefaults(),
                        new InMemoryDedupStore(), Duration.ofSeconds(10)))
                .delivery(DeliveryEngine.to(destination))
                .settings(new PipelineSettings(2_048, 10_000, Duration.ofMillis(5), Duration.ofSeconds(10),
                        syncInterval))
                .build()
                .start();
        store.probe();
        admin.configResetstat();

        long thrown = throwSteadily(seconds, 1_000);
        pipeline.close();

        long scriptCalls = callsOf("evalsha") + callsOf("eval");
        long commands = allCalls();
        System.out.printf("hot error: %,d thrown over %d s, sync every %s: %,d script calls (%.2f/s), %,d Redis "
                + "commands including those in scripts (%.2f/s)%n", thrown, seconds, syncInterval, scriptCalls,
                scriptCalls / (double) seconds, commands, commands / (double) seconds);
        // Six judgements and six alert notes until it is suppressed (fewer when repeats were aggregated), one sync
        // per interval, and the last one on closing; judged every 5 ms flush it would be hundreds a second.
        long syncs = seconds * 1_000 / syncInterval.toMillis() + 1;
        assertThat(scriptCalls).as("Redis script calls for %,d occurrences of one error", thrown)
                .isLessThanOrEqualTo(6 + 6 + syncs + 2);
        assertThat(destination.alerts).as("alerts 1 to 6 at most").hasSizeBetween(1, 6);
        Fingerprint fingerprint = destination.alerts.get(0).fingerprint();
        assertThat(store.liveCount(fingerprint, System.currentTimeMillis()))
                .as("every occurrence counted in Redis").hasValue(thrown);
    }

    @Test
    void heldRepeatsOfManyErrorsReachRedisInOneScriptCallPerBucket() {
        pipeline = AlertPipeline.builder(new DecisionChain(List.of(store), SeedAlertPolicy.ofDefaults(),
                        new InMemoryDedupStore(), Duration.ofSeconds(10)))
                .delivery(DeliveryEngine.to(destination))
                .settings(new PipelineSettings(2_048, 10_000, Duration.ofMillis(5), Duration.ofSeconds(10),
                        Duration.ofHours(1)))
                .build()
                .start();
        int errors = 200;
        // Rounds judged apart: new (alerted), 2nd to 8th (alerted, capped), 9th (suppressed), then held.
        int[] perRound = { 1, 7, 1, 10 };
        for (int occurrences : perRound) {
            for (int error = 0; error < errors; error++) {
                for (int i = 0; i < occurrences; i++) {
                    pipeline.capture(new IllegalStateException("gateway " + letters(error) + " refused"), PAYMENTS);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.stats().judged() == pipeline.stats().captured());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertThat(pipeline.stats().captured()).isEqualTo(errors * 19L);
        // Redis caches the batch script at its first call (a NOSCRIPT miss, then EVAL): made here, not counted.
        store.recordAll(List.of(new CountDelta(new Fingerprint("0".repeat(32)), 1, null)), System.currentTimeMillis(),
                SeedAlertPolicy.ofDefaults().windows());
        admin.configResetstat();

        // Closing sends what is held: 200 errors' repeats, in one call per bucket (16 at most).
        pipeline.close();

        assertThat(callsOf("evalsha") + callsOf("eval")).as("script calls for %d errors' held repeats", errors)
                .isBetween(1L, 16L);
        assertThat(destination.alerts.stream().map((alert) -> alert.fingerprint()).distinct()).hasSize(errors);
        destination.alerts.stream().map((alert) -> alert.fingerprint()).distinct().forEach((fingerprint) ->
                assertThat(store.liveCount(fingerprint, System.currentTimeMillis())).hasValue(19));
    }

    /** A word of letters for {@code n}, which the fingerprint's normalisation keeps (it replaces numbers). */
    private static String letters(int n) {
        StringBuilder word = new StringBuilder();
        do {
            word.append((char) ('a' + n % 26));
            n /= 26;
        }
        while (n > 0);
        return word.toString();
    }

    /** About {@code perSecond} occurrences a second for {@code seconds}, all from one place (one fingerprint). */
    private long throwSteadily(long seconds, int perSecond) {
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long thrown = 0;
        long next = start;
        while (System.nanoTime() < end) {
            pipeline.capture(paymentError(thrown), PAYMENTS);
            thrown++;
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return thrown;
    }

    private static IllegalStateException paymentError(long order) {
        return new IllegalStateException("payment gateway refused order " + order);
    }

    private long callsOf(String command) {
        return CommandStats.callsByCommand(admin.info("commandstats")).getOrDefault(command, 0L);
    }

    private long allCalls() {
        return CommandStats.callsByCommand(admin.info("commandstats")).values().stream()
                .mapToLong(Long::longValue).sum();
    }
}
