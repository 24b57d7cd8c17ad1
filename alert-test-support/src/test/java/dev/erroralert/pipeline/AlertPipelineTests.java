package dev.erroralert.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.erroralert.delivery.DeliveryException;
import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.MdcContext;
import dev.erroralert.event.RequestInfo;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.AlertLinks;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.DedupStore;
import dev.erroralert.store.InMemoryDedupStore;
import dev.erroralert.testsupport.RecordingDestination;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

class AlertPipelineTests {

    private static final CaptureSite ORDERS = CaptureSite.of("com.example.OrderService", "place");
    private static final CaptureSite REFUNDS = CaptureSite.of("com.example.RefundService", "refund");

    /** The shared store, counting the questions it is asked; it can be held to stall the dispatcher. */
    static final class CountingStore implements DedupStore {
        final InMemoryDedupStore state = new InMemoryDedupStore();
        final AtomicInteger calls = new AtomicInteger();
        volatile CountDownLatch hold = new CountDownLatch(0);

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
                @Nullable ErrorDetails details) {
            calls.incrementAndGet();
            try {
                hold.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return state.record(fingerprint, delta, nowMillis, windows);
        }

        /** The total counted for {@code fingerprint} so far (asks once more, adding one). */
        long totalOf(Fingerprint fingerprint) {
            return state.record(fingerprint, 1, System.currentTimeMillis(),
                    SeedAlertPolicy.ofDefaults().windows()).previousCount();
        }
    }

    private final CountingStore store = new CountingStore();
    private final RecordingDestination destination = new RecordingDestination();
    /** What reached the destination, in order (a digest contributes each of its alerts). */
    private final List<Alert> alerts = destination.alerts;
    private AlertPipeline pipeline;

    private AlertPipeline.Builder builder() {
        return AlertPipeline.builder(
                new DecisionChain(List.of(store), SeedAlertPolicy.ofDefaults(), new InMemoryDedupStore(),
                        Duration.ofSeconds(30)))
                .delivery(destination.unpacedEngine());
    }

    private AlertPipeline start(AlertPipeline.Builder builder) {
        pipeline = builder.build().start();
        return pipeline;
    }

    private static PipelineSettings settings(int handOffCapacity, int maxFingerprints, Duration flushInterval) {
        return new PipelineSettings(handOffCapacity, maxFingerprints, flushInterval, Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
        MDC.clear();
    }

    private static IllegalStateException orderError(long id) {
        return new IllegalStateException("order " + id + " not found");
    }

    @Test
    void oneErrorThrownTenTimesSendsSixAlertsWithCountsOneToSix() throws InterruptedException {
        start(builder());

        for (int i = 0; i < 10; i++) {
            pipeline.capture(orderError(i), ORDERS);
            // Spaced wider than the flush interval: each occurrence is judged on its own, as the per-event rule says.
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().judged() == pipeline.stats().captured());
            Thread.sleep(20);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().judged() == 10);

        assertThat(alerts).extracting(Alert::count).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(alerts.get(5).decision().capped()).isTrue();
        assertThat(alerts.get(0).occurrenceText()).isEqualTo("1st occurrence");
        assertThat(pipeline.stats().alertsSuppressed()).isEqualTo(4);
    }

    @Test
    void aBurstIsJudgedWithFewQuestionsAndEveryOccurrenceCounted() {
        start(builder());

        for (int i = 0; i < 10_000; i++) {
            pipeline.capture(orderError(i), ORDERS);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.stats().judged() == 10_000);

        assertThat(store.calls.get()).as("questions to the store for 10,000 occurrences").isLessThan(1_000);
        assertThat(alerts).hasSizeBetween(1, 6);
        // The first line names the new error from its 1st occurrence (alerts due together share its line).
        assertThat(destination.digests.get(0).lines().get(0).fromCount()).isEqualTo(1);
        // Repeats of an error known to stay suppressed are held for the slow sync; closing sends what is held.
        pipeline.close();
        assertThat(store.totalOf(alerts.get(0).fingerprint())).isEqualTo(10_000);
    }

    @Test
    void differentErrorsAreAlertedSeparately() {
        start(builder());

        pipeline.capture(orderError(1), ORDERS);
        pipeline.capture(new IllegalArgumentException("bad amount"), ORDERS);
        pipeline.capture(orderError(2), REFUNDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.size() == 3);
        assertThat(alerts).extracting(Alert::fingerprint).doesNotHaveDuplicates();
        assertThat(alerts).allMatch(alert -> alert.count() == 1);
    }

    @Test
    void badInputNeverBreaksThePipeline() {
        start(builder());
        RuntimeException cycle = new RuntimeException("cycle");
        RuntimeException other = new RuntimeException("other", cycle);
        cycle.initCause(other);
        Throwable deep = new IllegalStateException("root");
        for (int i = 0; i < 10_000; i++) {
            deep = new RuntimeException("wrap", deep);
        }
        RuntimeException hostile = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new IllegalStateException("getMessage");
            }

            @Override
            public String toString() {
                throw new IllegalStateException("toString");
            }
        };
        List<Throwable> nasty = List.of(new IllegalStateException((String) null),
                new IllegalStateException("m".repeat(1_000_000)), deep, cycle, hostile, overflow());

        assertThatNoException().isThrownBy(() -> {
            for (int i = 0; i < nasty.size(); i++) {
                pipeline.capture(nasty.get(i), CaptureSite.of("com.example.Nasty", "case" + i));
            }
            pipeline.capture(null, ORDERS);
            pipeline.capture(orderError(1), null);
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> alerts.size() == nasty.size());
        assertThat(pipeline.stats().internalErrors()).isZero();
        assertThat(alerts).allSatisfy(alert -> assertThat(alert.error().message())
                .satisfiesAnyOf(m -> assertThat(m).isNull(), m -> assertThat(m).hasSizeLessThan(10_000)));
        pipeline.capture(orderError(7), ORDERS);
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.size() == nasty.size() + 1);
    }

    private static StackOverflowError overflow() {
        try {
            return recurse(0);
        }
        catch (StackOverflowError error) {
            return error;
        }
    }

    private static StackOverflowError recurse(int depth) {
        return recurse(depth + 1);
    }

    @Test
    void aFullHandOffCountsOccurrencesInsteadOfDroppingThem() {
        store.hold = new CountDownLatch(1);
        start(builder().settings(settings(4, 100, Duration.ofMillis(5))));

        for (int i = 0; i < 1_000; i++) {
            pipeline.capture(orderError(i), ORDERS);
        }
        for (int i = 0; i < 500; i++) {
            pipeline.capture(new IllegalArgumentException("refund " + i + " rejected"), REFUNDS);
        }
        assertThat(pipeline.stats().overflowed()).as("the stalled dispatcher left the hand-off full").isPositive();
        store.hold.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.stats().judged() == 1_500);
        assertThat(pipeline.stats().unattributed()).isZero();
        // Closing sends the repeats held back for errors known to stay suppressed.
        pipeline.close();
        List<Fingerprint> fingerprints = alerts.stream().map(Alert::fingerprint).distinct().toList();
        assertThat(fingerprints).hasSize(2);
        assertThat(fingerprints.stream().map(store::totalOf)).containsExactlyInAnyOrder(1_000L, 500L);
    }

    @Test
    void overflowedErrorsSharingTypeAndSiteDifferingByMessageEachGetTheirExactTotal() {
        HeldFingerprinter held = new HeldFingerprinter();
        held.hold = new CountDownLatch(1);
        start(builder().fingerprinter(held).settings(settings(2, 1_000, Duration.ofMillis(5))));

        int errors = 200;
        Map<Fingerprint, Long> thrown = new java.util.HashMap<>();
        // Interleaved, as a storm throws them, and each error a different number of times.
        // Up to nine times, so that some are suppressed and have their repeats held back.
        for (int round = 0; round < 9; round++) {
            for (int error = 0; error < errors; error++) {
                if (round <= error % 9) {
                    IllegalStateException thrownError = gatewayError(error);
                    pipeline.capture(thrownError, ORDERS);
                    thrown.merge(held.fingerprinter.fingerprint(new dev.erroralert.event.ErrorEvent(thrownError,
                            ORDERS, 0, "main", Map.of())), 1L, Long::sum);
                }
            }
        }
        assertThat(pipeline.stats().overflowed()).as("the held dispatcher left the hand-off full")
                .isGreaterThan(500);
        held.hold.countDown();

        long total = thrown.values().stream().mapToLong(Long::longValue).sum();
        await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.stats().judged() == total);
        assertThat(pipeline.stats().unattributed()).isZero();
        // Closing sends the repeats held back for errors known to stay suppressed.
        pipeline.close();
        assertThat(thrown).hasSize(errors);
        thrown.forEach((fingerprint, count) -> assertThat(store.totalOf(fingerprint))
                .as("total of %s", fingerprint).isEqualTo(count));
    }

    private static IllegalStateException gatewayError(int error) {
        // A word of letters, which the fingerprint's normalisation keeps (it replaces numbers).
        String word = Character.toString('a' + error % 26) + (char) ('a' + error / 26);
        return new IllegalStateException("gateway " + word + " refused");
    }

    @Test
    void anAggregatorAtItsMaximumHasItsPendingJudgedAtOnceRatherThanLosingOccurrences() {
        start(builder().settings(settings(1_000, 2, Duration.ofHours(1))));

        pipeline.capture(orderError(1), ORDERS);
        pipeline.capture(orderError(2), ORDERS);
        pipeline.capture(orderError(3), REFUNDS);
        pipeline.capture(orderError(4), REFUNDS);
        // A third fingerprint while both held are pending: they are judged now (not in an hour) to make room.
        pipeline.capture(new IllegalArgumentException("third kind"), ORDERS);

        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().judged() == 5);
        // Delivery runs on its own thread: wait for it too.
        await().atMost(Duration.ofSeconds(10)).until(() -> destination.alertCount() == 5);
        assertThat(alerts.stream().map(Alert::fingerprint).distinct()).hasSize(3);
    }

    @Test
    void closeJudgesAndDeliversWhatIsPending() {
        start(builder().settings(settings(1_000, 100, Duration.ofHours(1))));
        pipeline.capture(orderError(1), ORDERS);
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.size() == 1);
        pipeline.capture(orderError(2), ORDERS);
        pipeline.capture(orderError(3), ORDERS);
        pipeline.capture(orderError(4), ORDERS);

        pipeline.close();

        assertThat(alerts).extracting(Alert::count).containsExactly(1L, 4L);
        pipeline.capture(orderError(5), ORDERS);
        assertThat(pipeline.stats().captured()).as("closed pipelines capture nothing").isEqualTo(4);
    }

    @Test
    void theDiagnosticContextIsReadOnTheCallersThread() {
        start(builder().context(new MdcContext(List.of("traceId", "spanId"))));
        MDC.put("traceId", "4bf92f3577b34da6");

        pipeline.capture(orderError(1), ORDERS);

        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.size() == 1);
        assertThat(alerts.get(0).context()).isEqualTo(Map.of("traceId", "4bf92f3577b34da6"));
        assertThat(alerts.get(0).threadName()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void theRequestIsTheCapturePointsOrElseTheOneBoundToTheCallersThreadItsRouteMaskedAndLinksAdded() {
        ThreadLocal<RequestInfo> bound = new ThreadLocal<>();
        start(builder().request(bound::get).context(new MdcContext(List.of("traceId")))
                .links(new AlertLinks("https://tempo.example.com/trace/{traceId}", null, Map.of(), null, "traceId")));
        MDC.put("traceId", "4bf92f3577b34da6");
        bound.set(new RequestInfo("GET", "/owners/{ownerId}/edit", 0));

        pipeline.capture(orderError(1), ORDERS);
        pipeline.capture(new IllegalArgumentException("bad card"), ORDERS,
                new RequestInfo("POST", "/pay/password=hunter2", 500));
        bound.remove();
        pipeline.capture(new UnsupportedOperationException("nightly"), ORDERS);

        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.size() == 3);
        assertThat(alerts).extracting(Alert::request).containsExactly(new RequestInfo("GET", "/owners/{ownerId}/edit", 0),
                new RequestInfo("POST", "/pay/password=" + SecretMasker.MASK, 500), null);
        assertThat(alerts.get(0).link(Alert.Link.TRACE)).isEqualTo(new Alert.Link(Alert.Link.TRACE,
                "https://tempo.example.com/trace/4bf92f3577b34da6"));
    }

    @Test
    void captureNeverThrowsEvenWhenReadingTheContextFails() {
        start(builder().context(() -> {
            throw new IllegalStateException("broken context");
        }));

        assertThatNoException().isThrownBy(() -> pipeline.capture(orderError(1), ORDERS));
        assertThat(pipeline.stats().internalErrors()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.size() == 1);
        assertThat(alerts.get(0).context()).isEmpty();
    }

    /** An exception whose message cannot be read, as a hostile or broken one may be. */
    static final class Unprintable extends RuntimeException {
        @Override
        public String getMessage() {
            throw new Unprintable();
        }
    }

    @Test
    void theBackgroundThreadsSurviveAFingerprinterThatThrowsTheUnprintable() {
        start(builder().fingerprinter(event -> {
            if (event.error() instanceof IllegalStateException) {
                throw new Unprintable();
            }
            return new dev.erroralert.fingerprint.DefaultFingerprinter().fingerprint(event);
        }));

        pipeline.capture(orderError(1), ORDERS);
        pipeline.capture(new IllegalArgumentException("later"), REFUNDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.size() == 2);
        assertThat(pipeline.stats().internalErrors()).isPositive();
    }

    @Test
    void aStoreThatLeavesTheThreadInterruptedDoesNotBreakTheNextDecisions() {
        DedupStore interrupting = new DedupStore() {
            final InMemoryDedupStore state = new InMemoryDedupStore();

            @Override
            public String name() {
                return "interrupting";
            }

            @Override
            public Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
                    @Nullable ErrorDetails details) {
                // As a blocking client does when interrupted: refuse to work with the flag set...
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("interrupted");
                }
                Tally tally = state.record(fingerprint, delta, nowMillis, windows);
                // ...and restore the flag after catching an InterruptedException.
                Thread.currentThread().interrupt();
                return new Tally(tally.previousCount(), tally.count(), tally.firstSeenMillis(), name());
            }
        };
        pipeline = AlertPipeline.builder(new DecisionChain(List.of(interrupting), SeedAlertPolicy.ofDefaults(), null,
                Duration.ofSeconds(30))).delivery(destination.unpacedEngine()).build().start();

        pipeline.capture(orderError(1), ORDERS);
        pipeline.capture(new IllegalArgumentException("second"), REFUNDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.size() == 2);
        assertThat(alerts).allMatch(alert -> alert.decision().tally().countedBy().equals("interrupting"));
    }

    /** Holds the dispatcher (which fingerprints) while {@code hold} is closed, so the hand-off fills. */
    static final class HeldFingerprinter implements dev.erroralert.fingerprint.Fingerprinter {
        final dev.erroralert.fingerprint.DefaultFingerprinter fingerprinter = new dev.erroralert.fingerprint.DefaultFingerprinter();
        volatile CountDownLatch hold = new CountDownLatch(0);

        @Override
        public Fingerprint fingerprint(dev.erroralert.event.ErrorEvent event) {
            try {
                hold.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return fingerprinter.fingerprint(event);
        }
    }

    @Test
    void anOverflowExampleIsRetiredOnceQuietSoItNeverStandsForALaterProblem() throws InterruptedException {
        HeldFingerprinter held = new HeldFingerprinter();
        start(builder().fingerprinter(held).settings(settings(2, 100, Duration.ofMillis(5))));

        held.hold = new CountDownLatch(1);
        for (int i = 0; i < 200; i++) {
            pipeline.capture(orderError(i), ORDERS);
        }
        held.hold.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().judged() == 200);

        // Later, the same type at the same site but another problem, again in overflow.
        held.hold = new CountDownLatch(1);
        // Quiet for more than a drain or two: the overflow entry of the first problem retires.
        Thread.sleep(100);
        for (int i = 0; i < 200; i++) {
            pipeline.capture(new IllegalStateException("payment gateway rejected the key"), ORDERS);
        }
        held.hold.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().judged() == 400);

        assertThat(pipeline.stats().overflowed()).isPositive();
        assertThat(alerts).anySatisfy(alert -> assertThat(alert.error().message())
                .isEqualTo("payment gateway rejected the key"));
        assertThat(alerts.stream().map(Alert::fingerprint).distinct()).hasSize(2);
    }

    @Test
    void aBrokenFingerprinterFallsBackToTheDefaultOne() {
        start(builder().fingerprinter(event -> {
            throw new IllegalStateException("broken fingerprinter");
        }));

        pipeline.capture(orderError(1), ORDERS);

        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.size() == 1);
    }

    @Test
    void anAlertTheDestinationCannotTakeIsLoggedInFullAtErrorWhenThereIsNoOutbox() {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger alertLog = (Logger) LoggerFactory.getLogger("dev.erroralert.alerts");
        alertLog.addAppender(logged);
        try {
            destination.failures.add(DeliveryException.permanent("destination down"));
            start(builder());

            pipeline.capture(orderError(42), ORDERS);

            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.deliveryStats().droppedTotal() == 1);
            assertThat(pipeline.deliveryStats().dropped()).containsEntry("no-outbox", 1L);
            assertThat(logged.list).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains("could not be delivered", "destination down",
                        "order 42 not found");
            });
        }
        finally {
            alertLog.detachAppender(logged);
        }
    }
}
