package dev.erroralert.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.BurningErrors;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.Reminder;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.DedupStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every store that claims reminders of errors still occurring past their cap must show, written once
 * and run against each of them (Redis, PostgreSQL, H2). Records live for half an hour, so the times handed to the
 * store can run ahead of the clock by whole reminder intervals without a record expiring; only the test of an error
 * gone quiet waits, for windows of a fraction of a second. The alerts of each step are noted as the pipeline notes
 * them, for the steps the seed policy sends (the first six occurrences).
 *
 * @param <S> the store under test
 */
public abstract class BurningErrorsContractTests<S extends DedupStore & BurningErrors> {

    private static final DedupWindows LONG_WINDOWS = new DedupWindows(Duration.ofMinutes(30), Duration.ofMinutes(30));

    private static final DedupWindows SHORT_WINDOWS = new DedupWindows(Duration.ofMillis(250),
            Duration.ofMillis(400));

    private static final long INTERVAL = 60_000;

    private static final int EVERY = 1_000;

    private final SeedAlertPolicy policy = SeedAlertPolicy.ofDefaults();

    private final ErrorDetails details = new ErrorDetails("java.lang.IllegalStateException", "order <n> not found",
            "com.example.OrderService#place", "orders", "prod");

    /** A store on a backend of its own, holding no record yet. */
    protected abstract S newStore();

    /** A second instance on {@code store}'s backend, as another application instance would have it. */
    protected abstract S anotherInstance(S store);

    private static Fingerprint randomFingerprint() {
        return new Fingerprint(UUID.randomUUID().toString().replace("-", ""));
    }

    /** Count one step at {@code now} and, when the seed policy sends it, note its alert. */
    private void step(S store, Fingerprint fingerprint, long delta, long now, DedupWindows windows) {
        Tally tally = store.record(fingerprint, delta, now, windows, details);
        if (policy.decide(tally) instanceof Decision.Send) {
            store.recordAlerted(fingerprint, tally, now);
        }
    }

    /** Six alerted occurrences, one a second from {@code start}, then {@code suppressed} more a second later. */
    private void pastTheCap(S store, Fingerprint fingerprint, long start, long suppressed) {
        for (int i = 0; i < 6; i++) {
            step(store, fingerprint, 1, start + i * 1_000L, LONG_WINDOWS);
        }
        step(store, fingerprint, suppressed, start + 6_000, LONG_WINDOWS);
    }

    private static List<Reminder> claimedOf(BurningErrors store, Fingerprint fingerprint, long now) {
        return store.claimReminders(now, INTERVAL, EVERY).stream()
                .filter((reminder) -> reminder.fingerprint().equals(fingerprint))
                .toList();
    }

    @Test
    void dueReminderIsClaimedOnceByOneOfTwoInstancesRacingForIt() throws Exception {
        S one = newStore();
        S other = anotherInstance(one);
        Fingerprint fingerprint = randomFingerprint();
        long start = System.currentTimeMillis();
        pastTheCap(one, fingerprint, start, 100);
        long due = start + INTERVAL;

        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<List<Reminder>>> racing = new ArrayList<>();
        for (S instance : List.of(one, other)) {
            racing.add(CompletableFuture.supplyAsync(() -> {
                awaitQuietly(go);
                return claimedOf(instance, fingerprint, due);
            }));
        }
        go.countDown();
        List<Reminder> claimed = new ArrayList<>();
        for (CompletableFuture<List<Reminder>> claim : racing) {
            claimed.addAll(claim.get(30, TimeUnit.SECONDS));
        }

        assertThat(claimed).as("claimed once, by one instance")
                .containsExactly(new Reminder(fingerprint, start, start, due, 106, 106, details));
        assertThat(claimedOf(one, fingerprint, due)).as("not due again at once").isEmpty();
        assertThat(claimedOf(other, fingerprint, due + 1)).isEmpty();
    }

    @Test
    void noReminderBeforeAnIntervalHasPassedSinceTheFirstOccurrence() {
        S store = newStore();
        Fingerprint fingerprint = randomFingerprint();
        long start = System.currentTimeMillis();
        pastTheCap(store, fingerprint, start, 100);

        assertThat(claimedOf(store, fingerprint, start + INTERVAL - 1)).isEmpty();
        assertThat(claimedOf(store, fingerprint, start + INTERVAL)).hasSize(1);
    }

    @Test
    void nextReminderIsDueAnIntervalAfterTheLastAndCountsWhatCameSince() {
        S store = newStore();
        Fingerprint fingerprint = randomFingerprint();
        long start = System.currentTimeMillis();
        pastTheCap(store, fingerprint, start, 100);
        long firstReminder = start + INTERVAL;
        assertThat(claimedOf(store, fingerprint, firstReminder)).hasSize(1);

        step(store, fingerprint, 50, firstReminder + 1_000, LONG_WINDOWS);
        step(store, fingerprint, 25, firstReminder + 2_000, LONG_WINDOWS);

        assertThat(claimedOf(store, fingerprint, firstReminder + INTERVAL - 1)).isEmpty();
        assertThat(claimedOf(anotherInstance(store), fingerprint, firstReminder + INTERVAL))
                .containsExactly(new Reminder(fingerprint, start, firstReminder, firstReminder + INTERVAL, 181, 75,
                        details));
    }

    @Test
    void noReminderWhenNothingWasCountedSinceTheLast() {
        S store = newStore();
        Fingerprint fingerprint = randomFingerprint();
        long start = System.currentTimeMillis();
        pastTheCap(store, fingerprint, start, 100);
        assertThat(claimedOf(store, fingerprint, start + INTERVAL)).hasSize(1);

        assertThat(claimedOf(store, fingerprint, start + 3 * INTERVAL)).isEmpty();
    }

    @Test
    void errorWhoseEveryOccurrenceWasAlertedGetsNoReminder() {
        S store = newStore();
        Fingerprint fingerprint = randomFingerprint();
        long start = System.currentTimeMillis();
        step(store, fingerprint, 1, start, LONG_WINDOWS);
        step(store, fingerprint, 2, start + 1_000, LONG_WINDOWS);

        assertThat(claimedOf(store, fingerprint, start + INTERVAL)).isEmpty();
    }

    @Test
    void errorThatWentQuietGetsNoReminder() throws InterruptedException {
        S store = newStore();
        Fingerprint fingerprint = randomFingerprint();
        long last = 0;
        for (long delta : new long[] { 1, 1, 1, 1, 1, 1, 50 }) {
            last = System.currentTimeMillis();
            step(store, fingerprint, delta, last, SHORT_WINDOWS);
        }
        long quiet = last + SHORT_WINDOWS.repeat().toMillis() + 150;
        long wait = quiet - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }

        assertThat(store.claimReminders(System.currentTimeMillis(), 1, EVERY)).extracting(Reminder::fingerprint)
                .doesNotContain(fingerprint);
    }

    @Test
    void claimsAtMostTheNumberAskedAndTheRestNextTime() {
        S store = newStore();
        List<Fingerprint> fingerprints = List.of(randomFingerprint(), randomFingerprint(), randomFingerprint());
        long start = System.currentTimeMillis();
        for (Fingerprint fingerprint : fingerprints) {
            pastTheCap(store, fingerprint, start, 10);
        }
        long due = start + INTERVAL;

        List<Reminder> firstClaim = store.claimReminders(due, INTERVAL, 2);
        List<Reminder> secondClaim = store.claimReminders(due, INTERVAL, 2);

        assertThat(firstClaim).hasSize(2);
        assertThat(secondClaim).hasSize(1);
        assertThat(store.claimReminders(due, INTERVAL, 2)).isEmpty();
        List<Fingerprint> claimed = new ArrayList<>();
        firstClaim.forEach((reminder) -> claimed.add(reminder.fingerprint()));
        secondClaim.forEach((reminder) -> claimed.add(reminder.fingerprint()));
        assertThat(claimed).containsExactlyInAnyOrderElementsOf(fingerprints);
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
