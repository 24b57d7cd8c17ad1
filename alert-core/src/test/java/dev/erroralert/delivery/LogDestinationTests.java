package dev.erroralert.delivery;

import java.time.Duration;

import dev.erroralert.event.Origin;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.Reminder;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.AlertTests;
import dev.erroralert.policy.DedupWindows;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogDestinationTests {

    @Test
    void aMessageCannotForgeLogLines() {
        String forged = "boom\n2026-11-21 23:59:59 INFO  Login succeeded for admin\r\u0007";

        String text = LogDestination.format(AlertTests.alert(0, 1, 0, 0, false, forged));

        assertThat(text.lines()).noneMatch(line -> line.startsWith("2026-11-21"));
        assertThat(text).contains("boom\\n2026-11-21 23:59:59 INFO  Login succeeded for admin\\r\\u0007");
    }

    @Test
    void aMessageCannotReorderWhatTheLogShows() {
        String reordered = "invoice_\u202Efdp.exe \u2066x\u2069 a\u200Bb \uDB40\uDC41 ok";

        String text = LogDestination.format(AlertTests.alert(0, 1, 0, 0, false, reordered));

        assertThat(text).contains("invoice_\\u202efdp.exe \\u2066x\\u2069 a\\u200bb \\u{e0041} ok")
                .doesNotContain("\u202E", "\u2066", "\u200B", "\uDB40");
    }

    @Test
    void showsWhatFailedWhereAndHowOften() {
        String text = LogDestination.format(AlertTests.alert(5, 6, 0, 60_000, true, "order 42 gone"));

        assertThat(text).contains("OrderException in OrderService#place", "6th occurrence in 1 min",
                "further alerts suppressed", "[01234567]", "shop (prod)", "traceId: abc",
                "com.example.OrderService#place", "com.example.OrderException: order 42 gone");
    }

    @Test
    void aReminderIsOneLineSayingTheErrorIsStillHappening() {
        Alert reminder = Alert.reminder(new Reminder(new Fingerprint("0123456789abcdef0123456789abcdef"), 0,
                3_600_000, 7_200_000, 9_000, 4_000, new ErrorDetails("com.example.OrderException",
                        "boom\n2026-11-21 23:59:59 INFO  forged", "com.example.OrderService#place", "shop", "prod")),
                new Origin("shop", "prod"), new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30)));

        String text = LogDestination.format(reminder);

        assertThat(text).contains("OrderException in OrderService#place — Still happening: 4,000 occurrences in "
                + "the last hour, 9,000 since 00:00 UTC [01234567]");
        assertThat(text.lines()).noneMatch(line -> line.startsWith("2026-11-21"));
    }
}
