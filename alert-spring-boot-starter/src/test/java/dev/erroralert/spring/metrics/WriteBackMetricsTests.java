package dev.erroralert.spring.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.WriteBack;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.InMemoryDedupStore;
import dev.erroralert.testsupport.InMemoryHistoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The write-back's meters: how far the history lags, what was written back, what failed. */
class WriteBackMetricsTests {

    private static final DedupWindows WINDOWS = SeedAlertPolicy.ofDefaults().windows();

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void lagGrowsUntilASyncWritesEverythingBackAndFailuresAreCounted() {
        MovableClock clock = new MovableClock();
        InMemoryDedupStore ledger = new InMemoryDedupStore(100, true);
        InMemoryHistoryStore history = new InMemoryHistoryStore();
        WriteBack writeBack = new WriteBack(List.of(ledger), history, Duration.ofSeconds(30), clock);
        DecisionChain chain = new DecisionChain(List.of(), SeedAlertPolicy.ofDefaults(), null, Duration.ofSeconds(1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AlertPipeline pipeline = AlertPipeline.builder(chain).build()) {
            new ErrorAlertMetrics(pipeline, chain, writeBack, null).bindTo(registry);

            clock.advance(Duration.ofSeconds(30));
            assertThat(registry.get(ErrorAlertMeters.WRITE_BACK_LAG).gauge().value()).isEqualTo(30);

            ledger.record(new Fingerprint("c".repeat(32)), 7, clock.millis(), WINDOWS, null);
            assertThat(writeBack.syncNow()).isTrue();
            assertThat(registry.get(ErrorAlertMeters.WRITE_BACK_LAG).gauge().value()).isZero();
            assertThat(registry.get(ErrorAlertMeters.WRITE_BACK_OCCURRENCES).functionCounter().count()).isEqualTo(7);

            history.setFailing(true);
            ledger.record(new Fingerprint("c".repeat(32)), 1, clock.millis(), WINDOWS, null);
            assertThat(writeBack.syncNow()).isFalse();
            clock.advance(Duration.ofSeconds(12));
            assertThat(registry.get(ErrorAlertMeters.WRITE_BACK_LAG).gauge().value()).isEqualTo(12);
            assertThat(registry.get(ErrorAlertMeters.WRITE_BACK_FAILURES).functionCounter().count()).isEqualTo(1);
        }
    }
}
