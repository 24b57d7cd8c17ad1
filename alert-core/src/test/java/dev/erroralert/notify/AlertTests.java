package dev.erroralert.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.Origin;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.Reminder;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

public class AlertTests {

    public static Alert alert(long previous, long count, long firstSeen, long now, boolean capped, String message) {
        return new Alert(new Fingerprint("0123456789abcdef0123456789abcdef"),
                new Decision.Send(new Tally(previous, count, firstSeen, "redis"), capped),
                new ErrorSnapshot("com.example.OrderException", message, List.of(), List.of()),
                CaptureSite.of("com.example.OrderService", "place"), new Origin("shop", "prod"), "http-nio-1",
                Map.of("traceId", "abc"), new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30)), now);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            1, 1st
            2, 2nd
            3, 3rd
            4, 4th
            11, 11th
            12, 12th
            13, 13th
            21, 21st
            112, 112th
            1234, '1,234th'
            """)
    void ordinals(long n, String expected) {
        assertThat(Alert.ordinal(n)).isEqualTo(expected);
    }

    @Test
    void ordinalsDoNotDependOnTheDefaultLocale() {
        Locale defaultLocale = Locale.getDefault(Locale.Category.FORMAT);
        // German groups thousands with a dot, so the default locale would show here as "1.234th".
        Locale.setDefault(Locale.Category.FORMAT, Locale.GERMANY);
        try {
            assertThat(Alert.ordinal(1234)).isEqualTo("1,234th");
        }
        finally {
            Locale.setDefault(Locale.Category.FORMAT, defaultLocale);
        }
    }

    @Test
    void saysWhichOccurrenceAndOverWhatSpan() {
        assertThat(alert(0, 1, 0, 0, false, "m").occurrenceText()).isEqualTo("1st occurrence");
        assertThat(alert(2, 3, 0, Duration.ofMinutes(5).toMillis(), false, "m").occurrenceText())
                .isEqualTo("3rd occurrence in 5 min");
    }

    @Test
    void theCappedAlertSaysFurtherAlertsAreSuppressed() {
        assertThat(alert(5, 6, 0, Duration.ofMinutes(12).toMillis(), true, "m").occurrenceText())
                .isEqualTo("6th occurrence in 12 min; further alerts suppressed until quiet for 30 min");
    }

    @Test
    void headlineNamesTheTypeAndTheCaptureSite() {
        assertThat(alert(0, 1, 0, 0, false, "m").headline()).isEqualTo("OrderException in OrderService#place");
    }

    @Test
    void durationsReadLikeAPersonWouldSayThem() {
        assertThat(Alert.humanDuration(Duration.ofMillis(300))).isEqualTo("less than 1 s");
        assertThat(Alert.humanDuration(Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(Alert.humanDuration(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
        assertThat(Alert.humanDuration(Duration.ofHours(52))).isEqualTo("2 d 4 h");
    }

    private static Alert reminder(String firstSeen, String previous, String now, long since, long total) {
        return Alert.reminder(new Reminder(new Fingerprint("0123456789abcdef0123456789abcdef"),
                Instant.parse(firstSeen).toEpochMilli(), Instant.parse(previous).toEpochMilli(),
                Instant.parse(now).toEpochMilli(), total, since, new ErrorDetails("com.example.OrderException",
                        "order <n> gone", "com.example.OrderService#place", "shop", "prod")),
                new Origin("fallback", ""), new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30)));
    }

    @Test
    void aReminderSaysTheErrorIsStillHappeningWithItsCountsInTheLastIntervalAndSinceItBegan() {
        Alert alert = reminder("2026-12-05T09:12:30Z", "2026-12-05T13:12:31Z", "2026-12-05T14:12:40Z", 48_120,
                1_203_004);

        assertThat(alert.isReminder()).isTrue();
        assertThat(alert.isQuietSummary()).isFalse();
        assertThat(alert.occurrenceText())
                .isEqualTo("Still happening: 48,120 occurrences in the last hour, 1,203,004 since 09:12 UTC");
        assertThat(alert.occurrenceText(1)).as("never a range").isEqualTo(alert.occurrenceText());
        assertThat(alert.headline()).isEqualTo("OrderException in OrderService#place");
        assertThat(alert.origin()).isEqualTo(new Origin("shop", "prod"));
        assertThat(alert.decision().tally().isNew()).as("a reply in the error's thread").isFalse();
        assertThat(alert.decision().capped()).isFalse();
    }

    @Test
    void aReminderOfAnErrorBegunAnotherDayGivesTheDateAndAnyIntervalItsLength() {
        assertThat(reminder("2026-12-04T23:50:00Z", "2026-12-05T09:00:00Z", "2026-12-05T09:15:00Z", 7, 9)
                .occurrenceText()).isEqualTo("Still happening: 7 occurrences in the last 15 min, 9 since "
                        + "2026-12-04 23:50 UTC");
    }

    @Test
    void aQuietSummarySaysAfterHowLongTheErrorWasResolved() {
        Alert summary = Alert.quietSummary(new dev.erroralert.history.QuietEpisode(
                new Fingerprint("0123456789abcdef0123456789abcdef"), 0, Duration.ofMinutes(47).toMillis(), 1_234, 6,
                null), new Origin("shop", "prod"), new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30)));

        assertThat(summary.resolvedText()).isEqualTo("Resolved after 47 min");
    }
}
