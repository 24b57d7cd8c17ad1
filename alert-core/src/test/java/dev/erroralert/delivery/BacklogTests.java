package dev.erroralert.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.Origin;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.ErrorSnapshot;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BacklogTests {

    private static final Predicate<Fingerprint> ALL = error -> true;

    private static final Predicate<Fingerprint> NONE = error -> false;

    private final Backlog backlog = new Backlog(1_000);

    /** A fresh budget of {@code errors} distinct errors, as a lane applies it. */
    private static Predicate<Fingerprint> budget(int errors) {
        NamingBudget budget = new NamingBudget(errors, Duration.ofMinutes(10));
        return error -> budget.name(error, 0);
    }

    static Alert alert(int error, long count) {
        return alert(error, count, "OrderService", "place");
    }

    static Alert alert(int error, long count, String className, String method) {
        return new Alert(new Fingerprint(String.format("%032x", error)),
                new Decision.Send(new Tally(count - 1, count, 0, "redis"), count == 6),
                new ErrorSnapshot("java.lang.IllegalStateException", "error " + error, List.of(), List.of()),
                CaptureSite.of("com.example." + className, method), new Origin("shop", "prod"), "main", Map.of(),
                new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30)), 1_000 * count);
    }

    @Test
    void anErrorsAlertsDueTogetherBecomeOneLineWithTheirRange() {
        for (long count = 1; count <= 5; count++) {
            backlog.add(alert(7, count));
        }

        Digest digest = backlog.take(50, ALL);

        assertThat(digest.lines()).hasSize(1);
        assertThat(digest.lines().get(0).fromCount()).isEqualTo(1);
        assertThat(digest.lines().get(0).alert().count()).isEqualTo(5);
        assertThat(digest.lines().get(0).occurrenceText()).isEqualTo("1st–5th occurrence in 5 s");
        assertThat(digest.alerts()).isEqualTo(5);
        assertThat(backlog.isEmpty()).isTrue();
        assertThat(backlog.take(50, ALL)).isNull();
    }

    @Test
    void errorsAreTakenInTheOrderTheyFirstArrivedAtMostAMessagesWorthAtATime() {
        for (int error = 0; error < 120; error++) {
            backlog.add(alert(error, 1));
        }
        backlog.add(alert(0, 2));

        Digest first = backlog.take(50, ALL);
        Digest second = backlog.take(50, ALL);
        Digest third = backlog.take(50, ALL);

        assertThat(first.lines()).hasSize(50);
        assertThat(first.lines().get(0).alert().count()).isEqualTo(2);
        assertThat(first.lines().get(0).fromCount()).isEqualTo(1);
        assertThat(second.lines()).hasSize(50);
        assertThat(third.lines()).hasSize(20);
        assertThat(first.alerts() + second.alerts() + third.alerts()).isEqualTo(121);
        assertThat(third.lines().get(19).alert().fingerprint().value()).isEqualTo(String.format("%032x", 119));
    }

    @Test
    void pastTheBudgetTheRestIsCountedByTypeAndLocationAtOnce() {
        for (int error = 0; error < 80; error++) {
            backlog.add(alert(error, 1));
        }
        for (int error = 80; error < 90; error++) {
            backlog.add(alert(error, 3, "StockClient", "reserve"));
        }

        Digest digest = backlog.take(50, budget(30));

        assertThat(digest.lines()).hasSize(30);
        assertThat(digest.counted()).containsExactly(
                new Digest.Counted("IllegalStateException", "OrderService#place", 50, 50),
                new Digest.Counted("IllegalStateException", "StockClient#reserve", 10, 30));
        assertThat(digest.errors()).isEqualTo(90);
        assertThat(digest.alerts()).isEqualTo(90);
        assertThat(backlog.isEmpty()).isTrue();
    }

    @Test
    void withTheBudgetSpentLaterAlertsAreCountedNotNamed() {
        backlog.add(alert(1, 1));
        backlog.add(alert(2, 1));
        backlog.add(alert(2, 2));

        Digest digest = backlog.take(50, NONE);

        assertThat(digest.lines()).isEmpty();
        assertThat(digest.counted()).containsExactly(
                new Digest.Counted("IllegalStateException", "OrderService#place", 2, 3));
        assertThat(digest.alerts()).isEqualTo(3);
    }

    @Test
    void distinctErrorsPastCapacityWaitCountedSoMemoryStaysBounded() {
        Backlog small = new Backlog(10);
        for (int error = 0; error < 10_000; error++) {
            small.add(alert(error, 1));
        }

        List<Digest> digests = small.drain(50);

        long named = digests.stream().mapToLong(digest -> digest.lines().size()).sum();
        long counted = digests.stream().flatMap(digest -> digest.counted().stream())
                .mapToLong(Digest.Counted::errors).sum();
        assertThat(named).isEqualTo(10);
        assertThat(counted).isEqualTo(9_990);
        assertThat(digests.stream().mapToInt(Digest::alerts).sum()).isEqualTo(10_000);
    }

    @Test
    void countedGroupsAreBoundedAndALargeStormCountsItsRestAsOtherErrors() {
        Backlog small = new Backlog(1);
        small.add(alert(0, 1));
        for (int place = 0; place < Backlog.MAX_GROUPS + 500; place++) {
            small.add(alert(place + 1, 1, "Service" + place, "call"));
        }

        List<Digest.Counted> groups = new ArrayList<>();
        int alerts = 0;
        for (Digest digest : small.drain(50)) {
            groups.addAll(digest.counted());
            alerts += digest.alerts();
            assertThat(digest.counted()).hasSizeLessThanOrEqualTo(Digest.MAX_COUNTED_GROUPS);
        }

        assertThat(groups).hasSize(Backlog.MAX_GROUPS + 1);
        assertThat(groups).filteredOn(group -> group.type().equals("other errors")).singleElement()
                .satisfies(other -> assertThat(other.errors()).isEqualTo(500));
        assertThat(alerts).isEqualTo(Backlog.MAX_GROUPS + 501);
    }

    @Test
    void aQuietSummaryIsNotMergedIntoTheSameErrorsAlerts() {
        Alert alert = alert(3, 2);
        Alert quiet = Alert.quietSummary(new dev.erroralert.history.QuietEpisode(alert.fingerprint(), 0, 60_000, 40,
                6, null), new Origin("shop", "prod"), new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30)));
        backlog.add(alert);
        backlog.add(quiet);

        assertThat(backlog.take(50, ALL).named()).containsExactly(alert, quiet);
    }

    @Test
    void theNamingBudgetIsSpentOnDistinctErrorsAndRefillsWhenItsWindowHasPassed() {
        NamingBudget budget = new NamingBudget(2, Duration.ofMinutes(10));
        Fingerprint a = alert(1, 1).fingerprint();
        Fingerprint b = alert(2, 1).fingerprint();
        Fingerprint c = alert(3, 1).fingerprint();

        assertThat(budget.name(a, 0)).isTrue();
        assertThat(budget.name(b, 0)).isTrue();
        assertThat(budget.name(a, Duration.ofMinutes(1).toNanos())).as("named already: free").isTrue();
        assertThat(budget.name(c, Duration.ofMinutes(9).toNanos())).isFalse();
        assertThat(budget.name(c, Duration.ofMinutes(10).toNanos())).isTrue();
        assertThat(budget.name(a, Duration.ofMinutes(10).toNanos())).isTrue();
        assertThat(budget.name(b, Duration.ofMinutes(10).toNanos())).as("a new window: b is new again").isFalse();
    }

    @Test
    void errorsThatKeepAlertingDoNotUseUpTheBudgetOfNewOnes() {
        Predicate<Fingerprint> budget = budget(3);
        backlog.add(alert(3, 1));
        for (long count = 1; count <= 5; count++) {
            backlog.add(alert(1, count));
            backlog.add(alert(2, count));
            assertThat(backlog.take(50, budget).lines()).hasSize(count == 1 ? 3 : 2);
        }
        backlog.add(alert(4, 1));
        backlog.add(alert(1, 6));

        Digest digest = backlog.take(50, budget);

        assertThat(digest.named()).extracting(Alert::count).containsExactly(6L);
        assertThat(digest.counted()).containsExactly(
                new Digest.Counted("IllegalStateException", "OrderService#place", 1, 1));
    }

    @Test
    void aSingleWaitingErrorIsNamedEvenWithTheBudgetSpent() {
        backlog.add(alert(9, 1));

        Digest digest = backlog.take(50, NONE);

        assertThat(digest.isSingle()).isTrue();
        assertThat(digest.named()).extracting(Alert::fingerprint).containsExactly(alert(9, 1).fingerprint());
    }

    @Test
    void aCountedErrorReportsOnlyTheOccurrencesSinceItWasLastReported() {
        backlog.add(alert(1, 1));
        backlog.add(alert(2, 1));
        assertThat(backlog.take(50, ALL).lines()).hasSize(2);
        backlog.add(alert(1, 4));
        backlog.add(alert(2, 3));
        backlog.add(alert(3, 2));

        Digest counted = backlog.take(50, NONE);
        backlog.add(alert(1, 6));
        backlog.add(alert(3, 5));
        Digest again = backlog.take(50, NONE);
        backlog.add(alert(1, 2));
        backlog.add(alert(3, 5));
        Digest laterEpisode = backlog.take(50, NONE);

        assertThat(counted.counted()).containsExactly(
                new Digest.Counted("IllegalStateException", "OrderService#place", 3, 3 + 2 + 2));
        assertThat(again.counted()).containsExactly(
                new Digest.Counted("IllegalStateException", "OrderService#place", 2, 2 + 3));
        assertThat(laterEpisode.counted()).as("error 1 began again at 1; error 3 did not move")
                .containsExactly(new Digest.Counted("IllegalStateException", "OrderService#place", 2, 2));
    }

    @Test
    void theOldestArrivalIsKnownWhileSomethingWaits() {
        assertThat(backlog.oldestArrivalNanos()).isNull();
        long before = System.nanoTime();
        backlog.add(alert(1, 1));
        backlog.add(alert(2, 1));

        assertThat(backlog.oldestArrivalNanos()).isNotNull()
                .satisfies(arrived -> assertThat(arrived - before).isNotNegative());
        backlog.take(50, ALL);
        assertThat(backlog.oldestArrivalNanos()).isNull();
    }
}
