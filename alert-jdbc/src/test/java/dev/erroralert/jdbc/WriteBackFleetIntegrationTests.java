package dev.erroralert.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.history.HistoryEntry;
import dev.erroralert.history.WriteBack;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.pipeline.Housekeeping;
import dev.erroralert.pipeline.PipelineSettings;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.redis.RedisDedupStore;
import dev.erroralert.redis.RedisStoreSettings;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.InMemoryDedupStore;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.RecordingDestination;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The write-back's promise on real servers: two instances, each with its own pipeline, Redis connection, JDBC store and
 * write-back, share one Redis and one PostgreSQL; after the last sync the history holds, per fingerprint, exactly the
 * number of occurrences thrown — with syncs running at the same time on both, a database failure in the middle of
 * one, and Redis stopped for a part of the run while the database decided.
 */
class WriteBackFleetIntegrationTests {

    private static final int FINGERPRINTS = 100;
    private static final Duration LEASE = Duration.ofMillis(500);

    // Tables and keys of this run only: the servers are shared with other tests.
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final JdbcStoreSettings settings = JdbcStoreSettings.ofDefaults()
            .withTableName("wb_state_" + run)
            .withHistoryTableName("wb_history_" + run)
            .withHistoryBatchTableName("wb_batch_" + run)
            .withMuteTableName("wb_mute_" + run);
    private final RedisStoreSettings redisSettings = new RedisStoreSettings("wb-" + run + ":", Duration.ofSeconds(1),
            Duration.ofSeconds(1), true, false);
    private final DataSource dataSource = EmbeddedPostgresServer.shared().newDataSource();
    private final FailingOnce historyFailure = new FailingOnce("wb_history_" + run);
    private final RecordingDestination destination = new RecordingDestination();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<WriteBack> writeBacks = new ArrayList<>();
    private final List<AlertPipeline> pipelines = new ArrayList<>();
    private final List<DecisionChain> chains = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    /** One application instance: its own clients, chain, pipeline and write-back, syncing every 20 ms. */
    private AlertPipeline instance(String redisUri) {
        RedisDedupStore redis = new RedisDedupStore(RedisURI.create(redisUri), redisSettings);
        JdbcDedupStore jdbc = new JdbcDedupStore(dataSource, settings.withTimeout(Duration.ofSeconds(5)),
                SchemaInitialization.ALWAYS);
        JdbcHistoryStore history = new JdbcHistoryStore(historyFailure.wrap(dataSource), settings,
                SchemaInitialization.ALWAYS);
        InMemoryDedupStore guard = new InMemoryDedupStore(InMemoryDedupStore.DEFAULT_MAX_ENTRIES, true);
        DecisionChain chain = new DecisionChain(List.of(redis, jdbc), SeedAlertPolicy.ofDefaults(), guard,
                Duration.ofMillis(500));
        WriteBack writeBack = new WriteBack(List.of(redis, guard), history, LEASE, Clock.systemUTC());
        Housekeeping housekeeping = new Housekeeping(Duration.ofSeconds(10))
                .every("write-back", Duration.ofMillis(20), writeBack::syncNow)
                .atClose("write-back", writeBack::syncNow);
        AlertPipeline pipeline = AlertPipeline.builder(chain)
                .delivery(destination.unpacedEngine())
                // Held repeats of suppressed errors synced often, so that some reach the chain while Redis is stopped.
                .settings(new PipelineSettings(2_048, 10_000, Duration.ofMillis(5), Duration.ofSeconds(30),
                        Duration.ofMillis(200)))
                .housekeeping(housekeeping)
                .build()
                .start();
        closeables.add(redis);
        closeables.add(jdbc);
        closeables.add(pipeline);
        writeBacks.add(writeBack);
        pipelines.add(pipeline);
        chains.add(chain);
        return pipeline;
    }

    private static CaptureSite site(int i) {
        return CaptureSite.of("com.example.Service" + i, "call");
    }

    private static IllegalStateException error() {
        return new IllegalStateException("payment gateway refused the request");
    }

    /** Throw {@code perThread} occurrences from each of four threads, two per instance, over the fingerprints. */
    private void throwFromFourThreads(int perThread, Map<Integer, Long> thrown) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<Map<Integer, Long>>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            AlertPipeline pipeline = pipelines.get(t % 2);
            int seed = t;
            results.add(threads.submit(() -> {
                Map<Integer, Long> counts = new HashMap<>();
                for (int i = 0; i < perThread; i++) {
                    int which = (i * 7 + seed) % FINGERPRINTS;
                    pipeline.capture(error(), site(which));
                    counts.merge(which, 1L, Long::sum);
                }
                return counts;
            }));
        }
        for (Future<Map<Integer, Long>> result : results) {
            result.get(120, TimeUnit.SECONDS).forEach((which, count) -> thrown.merge(which, count, Long::sum));
        }
        threads.shutdown();
        long total = thrown.values().stream().mapToLong(Long::longValue).sum();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> pipelines.stream().mapToLong((p) -> p.stats().judged()).sum() == total);
    }

    /** Close the instances (each syncs a last time), then sync what a lease still held, as a survivor would. */
    private JdbcHistoryStore closeAndSyncTheRest(String redisUri) throws Exception {
        for (AlertPipeline pipeline : pipelines) {
            pipeline.close();
        }
        Thread.sleep(LEASE.toMillis() + 100);
        JdbcHistoryStore history = new JdbcHistoryStore(dataSource, settings);
        try (RedisDedupStore survivor = new RedisDedupStore(RedisURI.create(redisUri), redisSettings)) {
            assertThat(new WriteBack(List.of(survivor), history, LEASE, Clock.systemUTC()).syncNow()).isTrue();
        }
        return history;
    }

    private static void assertExactTotals(JdbcHistoryStore history, Map<Integer, Long> thrown, long maxAlerts) {
        assertThat(thrown).hasSize(FINGERPRINTS);
        // One fingerprint per capture site: the occurrences of a site share their message and stack.
        Map<String, HistoryEntry> bySite = new HashMap<>();
        history.recent(10 * FINGERPRINTS).forEach((row) -> bySite.merge(row.details().location(), row, (a, b) -> {
            throw new AssertionError("two fingerprints for " + a.details().location());
        }));
        for (int i = 0; i < FINGERPRINTS; i++) {
            HistoryEntry row = bySite.get(site(i).location());
            assertThat(row).as("the history row of site %s", i).isNotNull();
            assertThat(row.totalCount()).as("total of site %s", i).isEqualTo(thrown.get(i));
            assertThat(row.alertsSent()).as("alerts of site %s", i).isBetween(1L, maxAlerts);
            assertThat(row.suppressedCount()).as("suppressed of site %s", i).isPositive();
        }
    }

    @Test
    void oneHundredThousandOccurrencesOnTwoInstancesSyncingAtOnceThroughADatabaseFailureAreCountedExactly()
            throws Exception {
        String redisUri = EmbeddedRedisServer.shared().uri();
        instance(redisUri);
        instance(redisUri);
        Map<Integer, Long> thrown = new HashMap<>();

        throwFromFourThreads(12_500, thrown);
        historyFailure.arm();
        // A third instance claims and dies before applying: the others take its batches once the lease has passed.
        try (RedisDedupStore dying = new RedisDedupStore(RedisURI.create(redisUri), redisSettings)) {
            dying.claim(System.currentTimeMillis(), LEASE);
        }
        throwFromFourThreads(12_500, thrown);
        JdbcHistoryStore history = closeAndSyncTheRest(redisUri);

        assertThat(thrown.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100_000);
        assertThat(historyFailure.failed()).as("a database failure was injected during a sync").isTrue();
        assertThat(writeBacks.stream().mapToLong(WriteBack::failures).sum()).isPositive();
        assertExactTotals(history, thrown, 6);
    }

    @Test
    void whileRedisIsStoppedTheDatabaseDecidesAndTheTotalsStayExact() throws Exception {
        Path dir = Files.createTempDirectory("error-alert-aof");
        // Redis writes every command to its append-only file, as a production Redis with persistence would, so what it
        // counted before it stopped is still there after it starts again.
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.startNewWith("appendonly yes", "appendfsync always",
                "dir " + dir)) {
            instance(redis.uri());
            instance(redis.uri());
            Map<Integer, Long> thrown = new HashMap<>();

            throwFromFourThreads(5_000, thrown);
            redis.stop();
            throwFromFourThreads(5_000, thrown);
            // Errors at their cap are held by each instance and synced at the suppressed-sync interval: wait for a
            // sync of each to meet the stopped Redis.
            await().atMost(Duration.ofSeconds(10)).until(() -> chains.stream()
                    .allMatch((chain) -> chain.storeStates().get(0).fallThroughs() > 0));
            redis.start();
            // Past the cool-down, so the chain uses Redis again.
            Thread.sleep(700);
            throwFromFourThreads(5_000, thrown);
            JdbcHistoryStore history = closeAndSyncTheRest(redis.uri());

            assertThat(thrown.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(60_000);
            // Redis was skipped (the database decided) on both instances while it was down.
            assertThat(chains).allSatisfy((chain) -> assertThat(chain.storeStates().get(0).fallThroughs())
                    .as("decisions Redis did not make").isPositive());
            // The database's episodes start afresh (it did not know Redis's counts): up to six alerts each.
            assertExactTotals(history, thrown, 12);
        }
        finally {
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Fails, once armed, the first statement prepared for the history table: a database failing mid-transaction. */
    static final class FailingOnce {

        private final String table;
        private final AtomicBoolean armed = new AtomicBoolean();
        private final AtomicBoolean failed = new AtomicBoolean();

        FailingOnce(String table) {
            this.table = table;
        }

        void arm() {
            armed.set(true);
        }

        boolean failed() {
            return failed.get();
        }

        DataSource wrap(DataSource target) {
            return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
                    (proxy, method, args) -> {
                        Object result = invoke(method, target, args);
                        return result instanceof Connection connection ? wrap(connection) : result;
                    });
        }

        private Connection wrap(Connection target) {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
                    (proxy, method, args) -> {
                        if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql
                                && sql.contains(table + " ") && armed.compareAndSet(true, false)) {
                            failed.set(true);
                            throw new SQLException("Injected failure in the middle of a write-back");
                        }
                        return invoke(method, target, args);
                    });
        }

        private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            }
            catch (InvocationTargetException ex) {
                throw ex.getCause();
            }
        }
    }
}
