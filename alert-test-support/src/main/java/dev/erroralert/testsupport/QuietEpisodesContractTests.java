package dev.erroralert.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.QuietEpisode;
import dev.erroralert.history.QuietEpisodes;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.DedupStore;
import dev.erroralert.store.ThreadStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every store that summarises quiet episodes must show, written once and run against each of them
 * (Redis, PostgreSQL, H2). Time is real: windows are a fraction of a second, and the alerts of each step are noted
 * as the pipeline notes them, for the steps the seed policy sends.
 *
 * @param <S> the store under test, which counts the episodes it summarises
 */
public abstract class QuietEpisodesContractTests<S extends DedupStore & QuietEpisodes> {

    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMillis(250), Duration.ofMillis(400));

    // Past the repeat window, with room for a slow machine; only a guard against a broken store otherwise.
    private static final long QUIET_AFTER_MILLIS = WINDOWS.repeat().toMillis() + 150;

    private static final int EVERY = 1_000;

    private final SeedAlertPolicy policy = SeedAlertPolicy.ofDefaults();

    private final ErrorDetails details = new ErrorDetails("java.lang.IllegalStateException", "order <n> not found",
            "com.example.OrderService#place", "orders", "prod");

    /** A store on a backend of its own, holding no episode yet, so that what a test takes is what it counted. */
    protected abstract S newStore();

    /** A second instance on {@code store}'s backend, as another application instance would have it. */
    protected abstract S anotherInstance(S store);

    /** The threads kept with {@code store}'s records. */
    protected abstract ThreadStore threadsOf(S store);

    /**
     * {@code store} once it has answered, for windows of a few hundred milliseconds: a cold first call (a connection
     * to open, a dialect to detect) can take longer than a window. The record it counts lives for minutes.
     */
    private S warm(S store) {
        store.record(randomFingerprint(), 1, System.currentTimeMillis(), policy.windows());
        return store;
    }

    private static Fingerprint randomFingerprint() {
        return new Fingerprint(UUID.randomUUID().toString().replace("-", ""));
    }

    /** Count one step and, when the seed policy sends it, note its alert; returns the step's time. */
    private long step(S store, Fingerprint fingerprint, long delta, ErrorDetails stepDetails) {
        long now = System.currentTimeMillis();
        Tally tally = store.record(fingerprint, delta, now, WINDOWS, stepDetails);
        if (policy.decide(tally) instanceof Decision.Send) {
            store.recordAlerted(fingerprint, tally, now);
        }
        return now;
    }

    private static void sleepUntilQuiet(long lastStepMillis) throws InterruptedException {
        long wait = lastStepMillis + QUIET_AFTER_MILLIS - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static List<QuietEpisode> takenOf(QuietEpisodes store, Fingerprint fingerprint) {
        return store.takeQuiet(System.currentTimeMillis(), EVERY).stream()
                .filter((episode) -> episode.fingerprint().equals(fingerprint))
                .toList();
    }

    @Test
    void episodeWithSuppressedOccurrencesIsTakenOnceByOneOfTwoInstancesRacingForIt() throws Exception {
        S one = warm(newStore());
        S other = warm(anotherInstance(one));
        Fingerprint fingerprint = randomFingerprint();
        ErrorDetails later = new ErrorDetails("java.lang.IllegalStateException", "a later message",
                "com.example.OrderService#cancel", "orders", "prod");
        // Sent: 1, 1, 3, 4 (the capped one, occurrences 6 to 9); suppressed: 10, 2.
        long[] deltas = { 1, 1, 3, 4, 10, 2 };
        long first = 0;
        long last = 0;
        for (int i = 0; i < deltas.length; i++) {
            last = step(i % 2 == 0 ? one : other, fingerprint, deltas[i], i == 0 ? details : later);
            first = (i == 0) ? last : first;
        }
        sleepUntilQuiet(last);

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<List<QuietEpisode>>> racing = new ArrayList<>();
        for (S instance : List.of(one, other)) {
            racing.add(CompletableFuture.supplyAsync(() -> {
                awaitQuietly(start);
                return takenOf(instance, fingerprint);
            }));
        }
        start.countDown();
        List<QuietEpisode> taken = new ArrayList<>();
        for (CompletableFuture<List<QuietEpisode>> take : racing) {
            taken.addAll(take.get(30, TimeUnit.SECONDS));
        }

        assertThat(taken).as("taken once, by one instance")
                .containsExactly(new QuietEpisode(fingerprint, first, last, 21, 9, details));
        assertThat(taken.get(0).notAlerted()).isEqualTo(12);
        assertThat(takenOf(one, fingerprint)).as("forgotten once taken").isEmpty();
        assertThat(takenOf(other, fingerprint)).isEmpty();
    }

    @Test
    void endedEpisodeCarriesTheThreadsItsAlertsWentToSoItsSummaryCanCloseThem() throws InterruptedException {
        S store = warm(newStore());
        // Remembering a thread once beforehand: its first call (a script to load) can take longer than a window.
        Fingerprint warming = randomFingerprint();
        store.record(warming, 1, System.currentTimeMillis(), policy.windows());
        threadsOf(store).rememberThread(warming, "alerts", "1600000000.000100");
        Fingerprint fingerprint = randomFingerprint();
        long first = step(store, fingerprint, 1, details);
        threadsOf(store).rememberThread(fingerprint, "alerts", "1700000000.000100");
        threadsOf(store).rememberThread(fingerprint, "ops", "1700000001.000200");
        // A thread remembered again replaces the one before on that destination.
        threadsOf(store).rememberThread(fingerprint, "alerts", "1700000002.000300");
        // Counted, not alerted (muted, say), so the episode awaits its summary.
        long last = System.currentTimeMillis();
        store.record(fingerprint, 20, last, WINDOWS, details);
        sleepUntilQuiet(last);

        assertThat(takenOf(store, fingerprint)).containsExactly(new QuietEpisode(fingerprint, first, last, 21, 1,
                details, Map.of("alerts", "1700000002.000300", "ops", "1700000001.000200")));
    }

    @Test
    void threadsOfAnEndedEpisodeAreNotCarriedIntoTheNextOne() throws InterruptedException {
        S store = warm(newStore());
        Fingerprint fingerprint = randomFingerprint();
        long before = step(store, fingerprint, 1, details);
        threadsOf(store).rememberThread(fingerprint, "alerts", "1700000000.000100");
        sleepUntilQuiet(before);

        long first = System.currentTimeMillis();
        store.record(fingerprint, 3, first, WINDOWS, details);
        sleepUntilQuiet(first);

        assertThat(takenOf(store, fingerprint)).containsExactly(new QuietEpisode(fingerprint, first, first, 3, 0,
                details));
    }

    @Test
    void nothingIsTakenWhileTheRecordLives() throws InterruptedException {
        S store = warm(newStore());
        Fingerprint fingerprint = randomFingerprint();
        long first = step(store, fingerprint, 7, details);
        long last = step(store, fingerprint, 3, details);

        assertThat(takenOf(store, fingerprint)).isEmpty();

        sleepUntilQuiet(last);
        assertThat(takenOf(store, fingerprint)).as("once quiet")
                .containsExactly(new QuietEpisode(fingerprint, first, last, 10, 7, details));
    }

    @Test
    void episodeWhoseEveryOccurrenceWasAlertedIsNeverTaken() throws InterruptedException {
        S store = warm(newStore());
        Fingerprint fingerprint = randomFingerprint();
        step(store, fingerprint, 1, details);
        long last = step(store, fingerprint, 2, details);
        sleepUntilQuiet(last);

        assertThat(takenOf(store, fingerprint)).isEmpty();
        assertThat(takenOf(anotherInstance(store), fingerprint)).isEmpty();
    }

    @Test
    void fingerprintBackAfterItsEpisodeEndedStartsANewEpisodeWithNothingAlerted() throws InterruptedException {
        S store = warm(newStore());
        Fingerprint fingerprint = randomFingerprint();
        long before = System.currentTimeMillis();
        Tally ofTheEndedEpisode = store.record(fingerprint, 1, before, WINDOWS, details);
        store.recordAlerted(fingerprint, ofTheEndedEpisode, before);
        sleepUntilQuiet(before);

        // Counted, not alerted (muted, say); and a late notice of the ended episode's alert must not count here.
        long first = System.currentTimeMillis();
        Tally again = store.record(fingerprint, 1, first, WINDOWS, details);
        store.recordAlerted(fingerprint, ofTheEndedEpisode, first);
        long last = System.currentTimeMillis();
        store.record(fingerprint, 2, last, WINDOWS, details);
        sleepUntilQuiet(last);

        assertThat(again.isNew()).isTrue();
        assertThat(takenOf(store, fingerprint))
                .containsExactly(new QuietEpisode(fingerprint, first, last, 3, 0, details));
    }

    @Test
    void episodeOfAnErrorCountedWithoutDetailsHasNone() throws InterruptedException {
        S store = warm(newStore());
        Fingerprint fingerprint = randomFingerprint();
        long now = System.currentTimeMillis();
        store.record(fingerprint, 1, now, WINDOWS);
        sleepUntilQuiet(now);

        assertThat(takenOf(store, fingerprint)).containsExactly(new QuietEpisode(fingerprint, now, now, 1, 0, null));
    }

    @Test
    void takesAtMostTheNumberAskedAndTheRestNextTime() throws InterruptedException {
        S store = warm(newStore());
        List<Fingerprint> fingerprints = List.of(randomFingerprint(), randomFingerprint(), randomFingerprint());
        long last = 0;
        for (Fingerprint fingerprint : fingerprints) {
            // Not alerted, muted say, so each episode awaits its summary.
            last = System.currentTimeMillis();
            store.record(fingerprint, 10, last, WINDOWS, details);
        }
        sleepUntilQuiet(last);

        List<QuietEpisode> firstTake = store.takeQuiet(System.currentTimeMillis(), 2);
        List<QuietEpisode> secondTake = store.takeQuiet(System.currentTimeMillis(), 2);

        assertThat(firstTake).hasSize(2);
        assertThat(secondTake).hasSize(1);
        assertThat(store.takeQuiet(System.currentTimeMillis(), 2)).isEmpty();
        List<Fingerprint> taken = new ArrayList<>();
        firstTake.forEach((episode) -> taken.add(episode.fingerprint()));
        secondTake.forEach((episode) -> taken.add(episode.fingerprint()));
        assertThat(taken).containsExactlyInAnyOrderElementsOf(fingerprints);
    }

    private static void awaitQuietly(CountDownLatch start) {
        try {
            start.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
