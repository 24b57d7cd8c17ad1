package dev.erroralert.notify;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.Origin;
import dev.erroralert.fingerprint.Fingerprint;
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
}
