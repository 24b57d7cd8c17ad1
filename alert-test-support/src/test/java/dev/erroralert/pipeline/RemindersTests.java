package dev.erroralert.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.event.Origin;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.BurningErrors;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.Reminder;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.silence.MuteTarget;
import dev.erroralert.silence.Silences;
import dev.erroralert.testsupport.RecordingDestination;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class RemindersTests {

    private static final Origin ORIGIN = new Origin("shop", "test");

    private static final Instant NOW = Instant.parse("2026-12-05T14:12:40Z");

    private final RecordingDestination destination = new RecordingDestination();

    private final Fingerprint burning = new Fingerprint("1".repeat(32));

    private final Fingerprint muted = new Fingerprint("2".repeat(32));

    // Planted unmasked, as an older version or another application could have stored it.
    private final ErrorDetails details = new ErrorDetails("java.lang.IllegalStateException",
            "gateway down password=hunter2", "com.example.OrderService#place", "shop", "prod");

    private Reminders reminders(List<BurningErrors> sources, Silences silences, DeliveryEngine delivery) {
        return new Reminders(sources, Duration.ofHours(1), silences, SecretMasker.withDefaults(), delivery, ORIGIN,
                SeedAlertPolicy.ofDefaults().windows(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aDueReminderIsClaimedForTheIntervalAndSentMaskedUnlessMuted() {
        long now = NOW.toEpochMilli();
        List<Reminder> due = new ArrayList<>(List.of(
                new Reminder(burning, now - 5 * 3_600_000L, now - 3_600_000L, now, 1_203_004, 48_120, details),
                new Reminder(muted, now - 7_200_000L, now - 3_600_000L, now, 50, 10, null)));
        List<Long> askedIntervals = new ArrayList<>();
        Silences silences = new Silences(List.of(), List.of(MuteTarget.fingerprint(muted)), Clock.systemUTC());
        DeliveryEngine delivery = destination.unpacedEngine();
        delivery.start();
        Reminders reminders = reminders(List.of((at, interval, max) -> {
            askedIntervals.add(interval);
            List<Reminder> claimed = List.copyOf(due);
            due.clear();
            return claimed;
        }), silences, delivery);

        try {
            assertThat(reminders.checkNow()).isEqualTo(1);
            assertThat(reminders.checkNow()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> destination.alerts.size() == 1);
        }
        finally {
            delivery.close(Duration.ofSeconds(1));
        }
        assertThat(askedIntervals).containsOnly(3_600_000L);
        assertThat(reminders.sent()).isEqualTo(1);
        Alert reminder = destination.alerts.get(0);
        assertThat(reminder.isReminder()).isTrue();
        assertThat(reminder.fingerprint()).isEqualTo(burning);
        assertThat(reminder.occurrenceText())
                .isEqualTo("Still happening: 48,120 occurrences in the last hour, 1,203,004 since 09:12 UTC");
        assertThat(reminder.error().message()).contains("gateway down").doesNotContain("hunter2");
    }

    @Test
    void aStoreThatFailsIsLeftForTheNextCheckAndTheOthersAreStillAsked() {
        long now = NOW.toEpochMilli();
        DeliveryEngine delivery = destination.unpacedEngine();
        delivery.start();
        Reminders reminders = reminders(List.of((at, interval, max) -> {
            throw new IllegalStateException("store down");
        }, (at, interval, max) -> List.of(new Reminder(burning, now - 3_600_000L, now - 3_600_000L, now, 9, 9,
                details))), Silences.none(), delivery);

        try {
            assertThat(reminders.checkNow()).isEqualTo(1);
        }
        finally {
            delivery.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void anIntervalBelowOneMillisecondIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Reminders(List.of(), Duration.ZERO,
                Silences.none(), SecretMasker.none(), destination.unpacedEngine(), ORIGIN,
                SeedAlertPolicy.ofDefaults().windows(), Clock.systemUTC()));
    }
}
