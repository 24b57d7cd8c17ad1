package dev.erroralert.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.pipeline.DecisionObserver.Judgement;
import dev.erroralert.pipeline.DecisionObserver.Outcome;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.InMemoryDedupStore;
import dev.erroralert.testsupport.RecordingDestination;
import dev.erroralert.testsupport.SwitchableDedupStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DecisionObserverTests {

    private static final CaptureSite ORDERS = CaptureSite.of("com.example.OrderService", "place");

    private final SwitchableDedupStore store = new SwitchableDedupStore("redis");
    private final RecordingDestination destination = new RecordingDestination();
    private final List<Judgement> judgements = new CopyOnWriteArrayList<>();
    private AlertPipeline pipeline;

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private AlertPipeline start(DecisionObserver observer) {
        DecisionChain chain = new DecisionChain(List.of(store), new SeedAlertPolicy(Duration.ofMinutes(5),
                Duration.ofMinutes(30), 1), new InMemoryDedupStore(), Duration.ofHours(1));
        pipeline = AlertPipeline.builder(chain)
                .delivery(destination.unpacedEngine())
                .decisionObserver(observer)
                .build()
                .start();
        return pipeline;
    }

    /** Capture one occurrence and wait until it is judged, so each is judged on its own. */
    private void captureAndAwaitJudgement(RuntimeException error) {
        long judgedBefore = pipeline.stats().judged();
        pipeline.capture(error, ORDERS);
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().judged() == judgedBefore + 1);
    }

    @Test
    void anObserverHearsEachJudgementWithTheStoreThatCountedAndTheOutcome() {
        start(judgements::add);

        for (int i = 0; i < 4; i++) {
            captureAndAwaitJudgement(new IllegalStateException("order " + i + " not found"));
        }

        // With suppress-after 1: new, repeat (capped), then suppressed.
        assertThat(judgements).extracting(Judgement::outcome)
                .containsExactly(Outcome.SENT, Outcome.SENT, Outcome.SUPPRESSED, Outcome.SUPPRESSED);
        assertThat(judgements).allSatisfy(judgement -> {
            assertThat(judgement.store()).isEqualTo("redis");
            assertThat(judgement.occurrences()).isEqualTo(1);
            assertThat(judgement.exceptionType()).isEqualTo(IllegalStateException.class.getName());
            assertThat(judgement.took()).isGreaterThanOrEqualTo(Duration.ZERO);
        });
    }

    @Test
    void whenTheStoreIsDownTheObserverHearsTheLinkThatDecidedInstead() {
        store.goDown();
        start(judgements::add);

        captureAndAwaitJudgement(new IllegalStateException("payment declined"));

        assertThat(judgements).singleElement().satisfies(judgement -> {
            assertThat(judgement.store()).isEqualTo("memory");
            assertThat(judgement.outcome()).isEqualTo(Outcome.SENT);
        });
    }

    @Test
    void aFailingObserverIsCountedAndAlertsStillGoOut() {
        start(judgement -> {
            throw new IllegalStateException("broken meter registry");
        });

        captureAndAwaitJudgement(new IllegalStateException("order 1 not found"));
        captureAndAwaitJudgement(new IllegalStateException("order 2 not found"));

        await().atMost(Duration.ofSeconds(10)).until(() -> destination.delivered.size() == 2);
        assertThat(pipeline.stats().observerErrors()).isEqualTo(2);
        assertThat(pipeline.stats().internalErrors()).isZero();
    }

    @Test
    void everyObserverOfSeveralHearsAJudgementEvenWhenAnEarlierOneFails() {
        List<Judgement> second = new CopyOnWriteArrayList<>();
        start(DecisionObserver.allOf(List.of(judgement -> {
            throw new IllegalStateException("broken");
        }, second::add)));

        captureAndAwaitJudgement(new IllegalStateException("order 1 not found"));

        assertThat(second).hasSize(1);
        assertThat(pipeline.stats().observerErrors()).isEqualTo(1);
    }

    @Test
    void theStatsShowHowManyFingerprintsTheAggregatorHolds() {
        start(DecisionObserver.none());

        captureAndAwaitJudgement(new IllegalStateException("order not found"));
        captureAndAwaitJudgement(new IllegalArgumentException("bad coupon"));

        assertThat(pipeline.stats().aggregatorSize()).isEqualTo(2);
    }
}
