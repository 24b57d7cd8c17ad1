package dev.erroralert.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.notify.Alert;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.CountDelta;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.DedupStore;
import dev.erroralert.store.InMemoryDedupStore;
import dev.erroralert.testsupport.RecordingDestination;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the decider asks of a store per error: details only until the store holds them, the repeats of errors judged
 * before together in one batch a flush (alerts 2 to 6 still sent), and nothing more once the capped alert is sent.
 */
class StoreStepsTests {

    private static final CaptureSite ORDERS = CaptureSite.of("com.example.OrderService", "place");

    /** A store noting each step: whether it came with details, and the size of each batch. */
    static final class NotingStore implements DedupStore {
        volatile InMemoryDedupStore state = new InMemoryDedupStore();
        final List<Boolean> withDetails = new CopyOnWriteArrayList<>();
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        final List<Integer> singles = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "redis";
        }

        @Override
        public Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows) {
            return record(fingerprint, delta, nowMillis, windows, null);
        }

        @Override
        public Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
                @Nullable ErrorDetails details) {
            singles.add(1);
            return step(fingerprint, delta, nowMillis, windows, details);
        }

        @Override
        public List<Tally> recordAll(List<CountDelta> deltas, long nowMillis, DedupWindows windows) {
            batches.add(deltas.size());
            List<Tally> tallies = deltas.stream().map((delta) -> step(delta.fingerprint(), delta.delta(), nowMillis,
                    windows, delta.details())).toList();
            noteAlertedBefore(deltas, nowMillis);
            return tallies;
        }

        private Tally step(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
                @Nullable ErrorDetails details) {
            withDetails.add(details != null);
            Tally tally = state.record(fingerprint, delta, nowMillis, windows);
            return new Tally(tally.previousCount(), tally.count(), tally.firstSeenMillis(), name());
        }
    }

    private final NotingStore store = new NotingStore();
    private final RecordingDestination destination = new RecordingDestination();
    private AlertPipeline pipeline;

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private void start() {
        DecisionChain chain = new DecisionChain(List.of(store), SeedAlertPolicy.ofDefaults(),
                new InMemoryDedupStore(), Duration.ofMillis(50));
        pipeline = AlertPipeline.builder(chain)
                .delivery(destination.unpacedEngine())
                .settings(new PipelineSettings(2_048, 10_000, Duration.ofMillis(5), Duration.ofSeconds(10),
                        Duration.ofHours(1)))
                .build()
                .start();
    }

    /** One occurrence of each of {@code errors} errors, all judged (or held) before returning. */
    private void throwEach(int errors) {
        long before = pipeline.stats().judged();
        for (int i = 0; i < errors; i++) {
            pipeline.capture(new IllegalStateException("gateway " + letters(i) + " refused"), ORDERS);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.stats().judged() == before + errors);
    }

    @Test
    void detailsGoWithTheFirstStepOnlyAndAgainOnceTheStoreLostTheRecord() {
        start();
        for (int i = 0; i < 3; i++) {
            throwEach(1);
        }
        assertThat(store.withDetails).containsExactly(true, false, false);

        // Restarted empty: its next answer is "new", and the record begun then has no details; the step after fills
        // them in.
        store.state = new InMemoryDedupStore();
        throwEach(1);
        throwEach(1);

        assertThat(store.withDetails).containsExactly(true, false, false, false, true);
    }

    @Test
    void newErrorsAndTheRepeatsOfErrorsJudgedBeforeAreJudgedTogetherAndStillAlerted() {
        start();
        int errors = 50;
        throwEach(errors);
        int batchesOfNewErrors = store.batches.size();

        throwEach(errors);

        assertThat(store.singles).as("no error judged on its own").isEmpty();
        assertThat(store.batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2 * errors);
        assertThat(store.batches.size() - batchesOfNewErrors).as("batches for %d errors' repeats", errors)
                .isLessThan(errors / 5);
        // Judged at once all the same: each new error's first occurrence is a step of its own, alerted as the first.
        assertThat(destination.alerts).extracting(Alert::count).filteredOn((count) -> count == 1L).hasSize(errors);
        assertThat(destination.alerts).extracting(Alert::count).filteredOn((count) -> count == 2L).hasSize(errors);
    }

    @Test
    void nothingIsAskedOnceTheCappedAlertIsSent() {
        start();
        for (int i = 0; i < 6; i++) {
            throwEach(1);
        }
        int steps = store.withDetails.size();

        for (int i = 0; i < 20; i++) {
            throwEach(1);
        }

        assertThat(destination.alerts).extracting(Alert::count).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(store.withDetails).as("steps after the capped alert").hasSize(steps);
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
}
