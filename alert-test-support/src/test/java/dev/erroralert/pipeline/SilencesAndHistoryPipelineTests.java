package dev.erroralert.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.Origin;
import dev.erroralert.event.ThrownError;
import dev.erroralert.fingerprint.DefaultFingerprinter;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.QuietEpisode;
import dev.erroralert.history.WriteBack;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.policy.Tally;
import dev.erroralert.silence.MuteTarget;
import dev.erroralert.silence.Silences;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.DedupStore;
import dev.erroralert.store.InMemoryDedupStore;
import dev.erroralert.testsupport.InMemoryHistoryStore;
import dev.erroralert.testsupport.InMemoryMuteStore;
import dev.erroralert.testsupport.RecordingDestination;
import dev.erroralert.testsupport.SwitchableDedupStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The decider's part in mutes and the history: a muted error is counted but not sent, the store hears of every alert
 * sent (for the history and quiet summaries), details reach the store masked, and a quiet episode is summarised.
 */
class SilencesAndHistoryPipelineTests {

    private static final CaptureSite ORDERS = CaptureSite.of("com.example.OrderService", "place");
    private static final Origin ORIGIN = new Origin("shop", "test");

    /** A store that remembers the details it was given and the alerts it was told of. */
    static final class ListeningStore implements DedupStore {
        final InMemoryDedupStore state = new InMemoryDedupStore();
        final List<ErrorDetails> details = new ArrayList<>();
        final List<Tally> alerted = new ArrayList<>();

        @Override
        public String name() {
            return "listening";
        }

        @Override
        public Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows) {
            Tally counted = state.record(fingerprint, delta, nowMillis, windows);
            return new Tally(counted.previousCount(), counted.count(), counted.firstSeenMillis(), name());
        }

        @Override
        public synchronized Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
                ErrorDetails errorDetails) {
            details.add(errorDetails);
            return record(fingerprint, delta, nowMillis, windows);
        }

        @Override
        public synchronized void recordAlerted(Fingerprint fingerprint, Tally tally, long nowMillis) {
            alerted.add(tally);
        }
    }

    private final ListeningStore store = new ListeningStore();
    private final RecordingDestination destination = new RecordingDestination();
    // One map stands for the backend every instance shares, as Redis or the database would.
    private final InMemoryMuteStore shared = new InMemoryMuteStore("shared");
    private final List<AlertPipeline> pipelines = new ArrayList<>();

    private AlertPipeline start(Silences silences) {
        AlertPipeline pipeline = AlertPipeline.builder(new DecisionChain(List.of(store), SeedAlertPolicy.ofDefaults(),
                new InMemoryDedupStore(), Duration.ofSeconds(30)))
                .delivery(destination.unpacedEngine())
                .origin(ORIGIN)
                .silences(silences)
                .build()
                .start();
        pipelines.add(pipeline);
        return pipeline;
    }

    @AfterEach
    void close() {
        pipelines.forEach(AlertPipeline::close);
    }

    private static void judged(AlertPipeline pipeline, long count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().judged() == count);
    }

    @Test
    void aMutedErrorIsCountedButNotSentOnEveryInstanceAndAgainOnceTheMuteIsLifted() {
        Silences here = new Silences(List.of(shared), List.of(), Clock.systemUTC());
        Silences elsewhere = new Silences(List.of(shared), List.of(), Clock.systemUTC());
        AlertPipeline pipeline = start(here);
        AlertPipeline other = start(elsewhere);
        IllegalStateException error = new IllegalStateException("payment gateway down");
        Fingerprint fingerprint = new DefaultFingerprinter().fingerprint(ThrownError.read(error), ORDERS);

        here.mute(MuteTarget.fingerprint(fingerprint), System.currentTimeMillis() + 60_000);
        elsewhere.refresh();
        pipeline.capture(error, ORDERS);
        judged(pipeline, 1);
        other.capture(error, ORDERS);
        judged(other, 1);

        assertThat(destination.alerts).isEmpty();
        assertThat(pipeline.stats().alertsMuted()).isEqualTo(1);
        assertThat(other.stats().alertsMuted()).isEqualTo(1);
        assertThat(store.alerted).isEmpty();

        here.unmute(MuteTarget.fingerprint(fingerprint));
        pipeline.capture(error, ORDERS);
        judged(pipeline, 2);
        assertThat(destination.alerts).extracting(Alert::count).containsExactly(3L);
    }

    @Test
    void aMuteOfTheExceptionTypeEndsOnTime() throws InterruptedException {
        Silences silences = new Silences(List.of(shared), List.of(), Clock.systemUTC());
        AlertPipeline pipeline = start(silences);
        silences.mute(MuteTarget.exceptionType(IllegalStateException.class.getName()),
                System.currentTimeMillis() + 300);

        pipeline.capture(new IllegalStateException("gateway down"), ORDERS);
        judged(pipeline, 1);
        Thread.sleep(400);
        pipeline.capture(new IllegalStateException("gateway down"), ORDERS);
        judged(pipeline, 2);

        assertThat(destination.alerts).extracting(Alert::count).containsExactly(2L);
        assertThat(pipeline.stats().alertsMuted()).isEqualTo(1);
    }

    @Test
    void permanentMutesOfTheConfigurationHoldWithoutAnyStore() {
        Silences silences = new Silences(List.of(),
                List.of(MuteTarget.exceptionType("java.lang.IllegalStateException")),
                Clock.systemUTC());
        AlertPipeline pipeline = start(silences);

        pipeline.capture(new IllegalStateException("ignored for good"), ORDERS);
        pipeline.capture(new IllegalArgumentException("still alerted"), ORDERS);
        judged(pipeline, 2);

        assertThat(destination.alerts).extracting((alert) -> alert.error().type())
                .containsExactly("java.lang.IllegalArgumentException");
    }

    @Test
    void theStoreGetsMaskedDetailsAndHearsOfEveryAlertSent() {
        AlertPipeline pipeline = start(Silences.none());

        pipeline.capture(new IllegalStateException("login failed password=hunter2"), ORDERS);
        judged(pipeline, 1);

        assertThat(store.details).singleElement().satisfies((details) -> {
            assertThat(details.exceptionType()).isEqualTo("java.lang.IllegalStateException");
            assertThat(details.sampleMessage()).contains("login failed").doesNotContain("hunter2");
            assertThat(details.location()).isEqualTo("com.example.OrderService#place");
            assertThat(details.application()).isEqualTo("shop");
            assertThat(details.environment()).isEqualTo("test");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> store.alerted.size() == 1);
        assertThat(store.alerted.get(0).count()).isEqualTo(1);
    }

    @Test
    void theDirectLinksLedgerReachesTheHistoryOnceAStoreIsBack() {
        InMemoryDedupStore guard = new InMemoryDedupStore(100, true);
        SwitchableDedupStore down = new SwitchableDedupStore("down");
        down.goDown();
        AlertPipeline pipeline = AlertPipeline.builder(new DecisionChain(List.of(down), SeedAlertPolicy.ofDefaults(),
                guard, Duration.ofSeconds(30))).delivery(destination.unpacedEngine()).build().start();
        pipelines.add(pipeline);
        for (int i = 0; i < 20; i++) {
            pipeline.capture(new IllegalStateException("order " + i + " not found"), ORDERS);
        }
        judged(pipeline, 20);
        // Repeats after the capped alert are held for the slow sync, which closing sends (as it sends the notes of
        // alerts waiting for a next step): without it the total depends on how many repeats the flushes caught.
        pipeline.close();
        InMemoryHistoryStore history = new InMemoryHistoryStore();

        new WriteBack(List.of(guard), history, Duration.ofSeconds(30), Clock.systemUTC()).syncNow();

        assertThat(history.recent(10)).singleElement().satisfies((row) -> {
            assertThat(row.totalCount()).isEqualTo(20);
            // A line stands for every alert of its error that was due with it.
            assertThat(row.alertsSent()).isEqualTo(destination.alertCount());
            assertThat(row.details().location()).isEqualTo("com.example.OrderService#place");
        });
    }

    @Test
    void anEpisodeThatWentQuietIsSummarisedUnlessMuted() {
        Fingerprint loud = new Fingerprint("1".repeat(32));
        Fingerprint muted = new Fingerprint("2".repeat(32));
        // Planted unmasked, as an older version or another application could have stored it.
        ErrorDetails details = new ErrorDetails("java.lang.IllegalStateException", "gateway down password=hunter2",
                "com.example.OrderService#place", "shop", "prod");
        List<QuietEpisode> ended = List.of(
                new QuietEpisode(loud, 0, Duration.ofMinutes(47).toMillis(), 1_234, 6, details),
                new QuietEpisode(muted, 0, 1_000, 50, 6, null));
        Silences silences = new Silences(List.of(shared), List.of(), Clock.systemUTC());
        silences.mute(MuteTarget.fingerprint(muted), Long.MAX_VALUE);
        List<QuietEpisode> source = new ArrayList<>(ended);
        DeliveryEngine delivery = destination.unpacedEngine();
        delivery.start();
        QuietSummaries summaries = new QuietSummaries(List.of((now, max) -> {
            List<QuietEpisode> taken = List.copyOf(source);
            source.clear();
            return taken;
        }), silences, SecretMasker.withDefaults(), delivery, ORIGIN, SeedAlertPolicy.ofDefaults().windows(),
                Clock.systemUTC());

        try {
            assertThat(summaries.checkNow()).isEqualTo(1);
            assertThat(summaries.checkNow()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> destination.alerts.size() == 1);
        }
        finally {
            delivery.close(Duration.ofSeconds(1));
        }
        Alert summary = destination.alerts.get(0);
        assertThat(summary.isQuietSummary()).isTrue();
        assertThat(summary.headline()).isEqualTo("IllegalStateException in OrderService#place");
        assertThat(summary.occurrenceText()).isEqualTo("Stopped: 1,234 occurrences over 47 min, 1,228 not alerted");
        assertThat(summary.origin()).isEqualTo(new Origin("shop", "prod"));
        assertThat(summary.error().message()).contains("gateway down").doesNotContain("hunter2");
    }
}
