package dev.erroralert.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    private final Backlog backlog = new Backlog(1_000);

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

        Digest digest = backlog.take(50, 500);

        assertThat(digest.lines()).hasSize(1);
        assertThat(digest.lines().get(0).fromCount()).isEqualTo(1);
        assertThat(digest.lines().get(0).alert().count()).isEqualTo(5);
        assertThat(digest.lines().get(0).occurrenceText()).isEqualTo("1st–5th occurrence in 5 s");
        assertThat(digest.alerts()).isEqualTo(5);
        assertThat(backlog.isEmpty()).isTrue();
        assertThat(backlog.take(50, 500)).isNull();
    }

    @Test
    void errorsAreTakenInTheOrderTheyFirstArrivedAtMostAMessagesWorthAtATime() {
        for (int error = 0; error < 120; error++) {
            backlog.add(alert(error, 1));
        }
        backlog.add(alert(0, 2));

        Digest first = backlog.take(50, 500);
        Digest second = backlog.take(50, 500);
        Digest third = backlog.take(50, 500);

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

        Digest digest = backlog.take(50, 30);

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

        Digest digest = backlog.take(50, 0);

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

        assertThat(backlog.take(50, 500).named()).containsExactly(alert, quiet);
    }

    @Test
    void theNamingBudgetRefillsWhenItsWindowHasPassed() {
        NamingBudget budget = new NamingBudget(500, Duration.ofMinutes(10));

        assertThat(budget.left(0)).isEqualTo(500);
        budget.spend(450, 0);
        assertThat(budget.left(Duration.ofMinutes(9).toNanos())).isEqualTo(50);
        budget.spend(80, Duration.ofMinutes(9).toNanos());
        assertThat(budget.left(Duration.ofMinutes(9).toNanos())).isZero();
        assertThat(budget.left(Duration.ofMinutes(10).toNanos())).isEqualTo(500);
    }
}
