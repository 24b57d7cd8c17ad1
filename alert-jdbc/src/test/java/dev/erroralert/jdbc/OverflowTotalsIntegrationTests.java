package dev.erroralert.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.ErrorEvent;
import dev.erroralert.fingerprint.DefaultFingerprinter;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.fingerprint.Fingerprinter;
import dev.erroralert.history.HistoryEntry;
import dev.erroralert.history.WriteBack;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.pipeline.Housekeeping;
import dev.erroralert.pipeline.PipelineSettings;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.redis.RedisDedupStore;
import dev.erroralert.redis.RedisStoreSettings;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.DedupStore;
import dev.erroralert.store.InMemoryDedupStore;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.RecordingDestination;
import io.lettuce.core.RedisURI;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exact per-error totals after the hand-off overflowed, on real servers: 200 errors sharing exception type and capture
 * site, differing by message, thrown while the dispatcher is held so that nearly every occurrence is counted in the
 * hand-off's overflow rather than queued; the history then holds, for every error, exactly what was thrown — with
 * Redis deciding (its counts written back to PostgreSQL's history) and with PostgreSQL deciding (counting into the
 * history itself).
 */
class OverflowTotalsIntegrationTests {

    private static final int ERRORS = 200;
    private static final CaptureSite PAYMENTS = CaptureSite.of("com.example.PaymentService", "charge");

    // Tables and keys of this run only: the servers are shared with other tests.
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final JdbcStoreSettings settings = JdbcStoreSettings.ofDefaults()
            .withTableName("ov_state_" + run)
            .withHistoryTableName("ov_history_" + run)
            .withHistoryBatchTableName("ov_batch_" + run)
            .withMuteTableName("ov_mute_" + run)
            .withTimeout(Duration.ofSeconds(5));
    private final DataSource dataSource = EmbeddedPostgresServer.shared().newDataSource();
    private final HeldFingerprinter fingerprinter = new HeldFingerprinter();
    private final RecordingDestination destination = new RecordingDestination();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void withRedisDecidingEveryErrorsHistoryTotalIsWhatWasThrown() throws Exception {
        RedisStoreSettings redisSettings = new RedisStoreSettings("ov-" + run + ":", Duration.ofSeconds(1),
                Duration.ofSeconds(1), true, false);
        RedisDedupStore redis = new RedisDedupStore(RedisURI.create(EmbeddedRedisServer.shared().uri()),
                redisSettings);
        closeables.add(redis);
        JdbcHistoryStore history = new JdbcHistoryStore(dataSource, settings, SchemaInitialization.ALWAYS);
        InMemoryDedupStore guard = new InMemoryDedupStore(InMemoryDedupStore.DEFAULT_MAX_ENTRIES, true);
        WriteBack writeBack = new WriteBack(List.of(redis, guard), history, Duration.ofSeconds(5), Clock.systemUTC());
        Housekeeping housekeeping = new Housekeeping(Duration.ofSeconds(10))
                .every("write-back", Duration.ofMillis(50), writeBack::syncNow)
                .atClose("write-back", writeBack::syncNow);

        AlertPipeline pipeline = pipeline(redis, guard, housekeeping);
        Map<Fingerprint, Long> thrown = throwWhileTheDispatcherIsHeld(pipeline);
        pipeline.close();

        assertThat(destination.alerts).as("alerts, each decided by Redis").isNotEmpty()
                .allSatisfy((alert) -> assertThat(alert.decision().tally().countedBy()).isEqualTo(redis.name()));
        assertEveryTotal(history, thrown);
    }

    @Test
    void withPostgresDecidingEveryErrorsHistoryTotalIsWhatWasThrown() throws Exception {
        JdbcDedupStore jdbc = new JdbcDedupStore(dataSource, settings, SchemaInitialization.ALWAYS);
        closeables.add(jdbc);
        JdbcHistoryStore history = new JdbcHistoryStore(dataSource, settings, SchemaInitialization.ALWAYS);

        AlertPipeline pipeline = pipeline(jdbc, new InMemoryDedupStore(), null);
        Map<Fingerprint, Long> thrown = throwWhileTheDispatcherIsHeld(pipeline);
        pipeline.close();

        assertThat(destination.alerts).as("alerts, each decided by PostgreSQL").isNotEmpty()
                .allSatisfy((alert) -> assertThat(alert.decision().tally().countedBy()).isEqualTo(jdbc.name()));
        assertEveryTotal(history, thrown);
    }

    private AlertPipeline pipeline(DedupStore store, InMemoryDedupStore guard, @Nullable Housekeeping housekeeping) {
        AlertPipeline.Builder builder = AlertPipeline.builder(new DecisionChain(List.of(store),
                        SeedAlertPolicy.ofDefaults(), guard, Duration.ofSeconds(30)))
                .fingerprinter(fingerprinter)
                .delivery(destination.unpacedEngine())
                // A hand-off of four: what the held dispatcher cannot take is counted in overflow.
                .settings(new PipelineSettings(4, 10_000, Duration.ofMillis(5), Duration.ofSeconds(30)));
        if (housekeeping != null) {
            builder.housekeeping(housekeeping);
        }
        AlertPipeline pipeline = builder.build().start();
        closeables.add(pipeline);
        return pipeline;
    }

    /**
     * Throw the errors interleaved, as a storm does, error {@code i} {@code i % 12 + 1} times (so that some are
     * suppressed and have repeats held back), while the dispatcher is held; then release it and wait until every
     * occurrence is judged.
     *
     * @return the occurrences thrown per fingerprint
     */
    private Map<Fingerprint, Long> throwWhileTheDispatcherIsHeld(AlertPipeline pipeline) {
        DefaultFingerprinter plain = new DefaultFingerprinter();
        Map<Fingerprint, Long> thrown = new HashMap<>();
        fingerprinter.hold = new CountDownLatch(1);
        for (int round = 0; round < 12; round++) {
            for (int error = 0; error < ERRORS; error++) {
                if (round <= error % 12) {
                    IllegalStateException occurrence = gatewayError(error);
                    pipeline.capture(occurrence, PAYMENTS);
                    thrown.merge(plain.fingerprint(new ErrorEvent(occurrence, PAYMENTS, 0, "main", Map.of())), 1L,
                            Long::sum);
                }
            }
        }
        long total = thrown.values().stream().mapToLong(Long::longValue).sum();
        assertThat(thrown).hasSize(ERRORS);
        assertThat(pipeline.stats().overflowed()).as("occurrences counted in the hand-off's overflow")
                .isGreaterThan(total - 10);
        fingerprinter.hold.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.stats().judged() == total);
        assertThat(pipeline.stats().unattributed()).isZero();
        return thrown;
    }

    private static IllegalStateException gatewayError(int error) {
        // A word of letters, which the fingerprint's normalisation keeps (it replaces numbers).
        String word = Character.toString('a' + error % 26) + (char) ('a' + error / 26);
        return new IllegalStateException("payment gateway " + word + " refused the charge");
    }

    private static void assertEveryTotal(JdbcHistoryStore history, Map<Fingerprint, Long> thrown) {
        Map<Fingerprint, Long> counted = new HashMap<>();
        for (HistoryEntry row : history.recent(10 * ERRORS)) {
            counted.put(row.fingerprint(), row.totalCount());
        }
        List<String> wrong = new ArrayList<>();
        thrown.forEach((fingerprint, count) -> {
            if (!count.equals(counted.get(fingerprint))) {
                wrong.add(fingerprint + ": thrown " + count + ", history " + counted.get(fingerprint));
            }
        });
        assertThat(wrong).as("errors whose history total differs from what was thrown").isEmpty();
        assertThat(counted).as("history rows").hasSize(ERRORS);
    }

    /** Holds the dispatcher (which fingerprints) while {@code hold} is closed, so the hand-off fills. */
    static final class HeldFingerprinter implements Fingerprinter {

        private final DefaultFingerprinter fingerprinter = new DefaultFingerprinter();
        volatile CountDownLatch hold = new CountDownLatch(0);

        @Override
        public Fingerprint fingerprint(ErrorEvent event) {
            try {
                hold.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return fingerprinter.fingerprint(event);
        }
    }
}
