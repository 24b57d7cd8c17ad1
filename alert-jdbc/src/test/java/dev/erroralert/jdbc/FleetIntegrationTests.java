package dev.erroralert.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.notify.Alert;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.redis.RedisDedupStore;
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
 * Two application instances — each with its own pipeline, Redis connection and JDBC store — sharing one real Redis
 * and one real PostgreSQL, as a fleet does.
 */
class FleetIntegrationTests {

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final RecordingDestination destination = new RecordingDestination();
    private final List<Alert> alerts = destination.alerts;

    private AlertPipeline instance() {
        RedisDedupStore redis = new RedisDedupStore(RedisURI.create(EmbeddedRedisServer.shared().uri()));
        javax.sql.DataSource dataSource = EmbeddedPostgresServer.shared().newDataSource();
        new JdbcSchema(dataSource).create();
        JdbcDedupStore jdbc = new JdbcDedupStore(dataSource);
        AlertPipeline pipeline = AlertPipeline
                .builder(new DecisionChain(List.of(redis, jdbc), SeedAlertPolicy.ofDefaults(),
                        new InMemoryDedupStore(), Duration.ofSeconds(10)))
                .delivery(destination.unpacedEngine())
                .build()
                .start();
        closeables.add(redis);
        closeables.add(jdbc);
        closeables.add(pipeline);
        return pipeline;
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void aStormAcrossTwoInstancesAlertsOnceAsNewAndCountsEveryOccurrence() throws Exception {
        List<AlertPipeline> fleet = List.of(instance(), instance());
        // A site of its own per run, so earlier runs against the shared Redis cannot interfere.
        CaptureSite site = CaptureSite.of("com.example.OrderService", "place" + UUID.randomUUID().toString().replace("-", ""));
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            AlertPipeline pipeline = fleet.get(t % 2);
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 2_500; i++) {
                    pipeline.capture(new IllegalStateException("order " + i + " not found"), site);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> fleet.stream().mapToLong(p -> p.stats().judged()).sum() == 10_000);

        assertThat(alerts).as("alerts from both instances").isNotEmpty().hasSizeLessThanOrEqualTo(6);
        // An instance's alerts of the error that were due together are one line: the new one is the line from the 1st.
        assertThat(destination.digests.stream().flatMap(digest -> digest.lines().stream()))
                .filteredOn(line -> line.fromCount() == 1).as("one 'new' alert in the fleet").hasSize(1);
        assertThat(alerts).allMatch(alert -> alert.decision().tally().countedBy().equals("redis"));
        assertThat(alerts.stream().mapToLong(Alert::count).max().getAsLong()).isLessThanOrEqualTo(10_000);
        assertThat(alerts).extracting(Alert::fingerprint).containsOnly(alerts.get(0).fingerprint());
        // Every occurrence was counted once in Redis: one more step sees exactly 10,000 before it. Repeats of an error
        // known to stay suppressed are held for the slow sync; closing sends what is held.
        fleet.forEach(AlertPipeline::close);
        try (RedisDedupStore probe = new RedisDedupStore(RedisURI.create(EmbeddedRedisServer.shared().uri()))) {
            assertThat(probe.record(alerts.get(0).fingerprint(), 1, System.currentTimeMillis(),
                    SeedAlertPolicy.ofDefaults().windows()).previousCount()).isEqualTo(10_000);
        }
    }
}
