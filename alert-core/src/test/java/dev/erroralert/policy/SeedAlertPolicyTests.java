package dev.erroralert.policy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SeedAlertPolicyTests {

    private final SeedAlertPolicy defaults = SeedAlertPolicy.ofDefaults();

    @Test
    void defaultsAreTheSeedsFiveMinutesThirtyMinutesAndFive() {
        assertThat(defaults.windows().first()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.windows().repeat()).isEqualTo(Duration.ofMinutes(30));
        assertThat(defaults.suppressAfter()).isEqualTo(5);
    }

    @ParameterizedTest(name = "before={0}, after={1} -> {2}")
    @CsvSource(textBlock = """
            0, 1,   send
            1, 2,   send
            4, 5,   send
            5, 6,   capped
            6, 7,   suppress
            0, 3,   send
            3, 9,   capped
            5, 100, capped
            6, 100, suppress
            0, 6,   capped
            """)
    void judgesEachStepByTheCountBeforeItsFirstOccurrence(long before, long after, String expected) {
        Decision decision = defaults.decide(new Tally(before, after, 0, "test"));

        String outcome = decision instanceof Decision.Send send ? (send.capped() ? "capped" : "send") : "suppress";
        assertThat(outcome).isEqualTo(expected);
    }

    @ParameterizedTest(name = "before={0}, after={1} -> stays suppressed: {2}")
    @CsvSource(textBlock = """
            0, 1,   false
            4, 5,   false
            5, 6,   true
            3, 9,   true
            6, 7,   true
            """)
    void aStepStaysSuppressedFromTheCappedAlertOn(long before, long after, boolean staysSuppressed) {
        Decision decision = defaults.decide(new Tally(before, after, 0, "test"));

        assertThat(defaults.staysSuppressed(decision)).isEqualTo(staysSuppressed);
        // Whatever the next step adds, it is suppressed when this one is said to stay so.
        if (staysSuppressed) {
            assertThat(defaults.decide(new Tally(after, after + 1, 0, "test"))).isInstanceOf(Decision.Suppress.class);
        }
    }

    @Test
    void aCapOfZeroAlertsOnlyTheFirstAndSaysSo() {
        SeedAlertPolicy once = new SeedAlertPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1), 0);

        assertThat(once.decide(new Tally(0, 1, 0, "test"))).isEqualTo(new Decision.Send(new Tally(0, 1, 0, "test"), true));
        assertThat(once.decide(new Tally(1, 2, 0, "test"))).isInstanceOf(Decision.Suppress.class);
    }

    @Test
    void rejectsBadSettingsNamingThem() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SeedAlertPolicy(Duration.ofMinutes(-1), Duration.ofMinutes(30), 5))
                .withMessageContaining("firstWindow");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SeedAlertPolicy(Duration.ofMinutes(5), Duration.ZERO, 5))
                .withMessageContaining("repeatWindow");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SeedAlertPolicy(Duration.ofMinutes(5), Duration.ofMinutes(30), -1))
                .withMessageContaining("suppressAfter");
    }

    @Test
    void aTallyMustGrow() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Tally(3, 3, 0, "test"));
    }
}
