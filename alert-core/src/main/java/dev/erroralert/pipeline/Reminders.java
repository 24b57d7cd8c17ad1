package dev.erroralert.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.event.Origin;
import dev.erroralert.history.BurningErrors;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.Reminder;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.silence.Silences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a reminder, once per interval, for an error that keeps occurring after its cap: "still happening: 48,120
 * occurrences in the last hour, 1,203,004 since 09:12". The stores decide which instance sends it
 * ({@link BurningErrors#claimReminders}), as they do for quiet summaries. A muted error gets no reminder.
 * <p>
 * Run on the housekeeping thread rather than with the slow sync of suppressed repeats: the sync is per instance and
 * only for the errors that instance saw, on the decider's thread, while a reminder is one per fleet and error. A
 * periodic look at the store costs a few calls per check whatever the rate of errors, and never a call per
 * occurrence; the counts it reports are exact up to the sync interval, as the store's are.
 */
public final class Reminders {

    private static final Logger logger = LoggerFactory.getLogger(Reminders.class);

    /** The most reminders one check claims from one store; the rest are claimed at the next check. */
    static final int MAX_PER_CHECK = 100;

    private final List<BurningErrors> sources;
    private final Duration interval;
    private final Silences silences;
    private final SecretMasker masker;
    private final DeliveryEngine delivery;
    private final Origin origin;
    private final DedupWindows windows;
    private final Clock clock;
    private final AtomicLong sent = new AtomicLong();

    /**
     * @param interval how long after the last reminder (or the error's first occurrence) the next one is due
     * @param masker masks the sample message once more before it leaves, as for quiet summaries
     */
    public Reminders(List<? extends BurningErrors> sources, Duration interval, Silences silences, SecretMasker masker,
            DeliveryEngine delivery, Origin origin, DedupWindows windows, Clock clock) {
        this.sources = List.copyOf(sources);
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("The reminder interval must be at least 1 ms, got " + interval);
        }
        this.silences = Objects.requireNonNull(silences, "silences");
        this.masker = Objects.requireNonNull(masker, "masker");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.windows = Objects.requireNonNull(windows, "windows");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Claim the reminders due from every store and send them. Never throws: a store that fails is asked again at the
     * next check, and its reminders are still due then.
     *
     * @return how many reminders were handed to delivery
     */
    public synchronized int checkNow() {
        int handed = 0;
        for (BurningErrors source : sources) {
            List<Reminder> due;
            try {
                due = source.claimReminders(clock.millis(), interval.toMillis(), MAX_PER_CHECK);
            }
            catch (RuntimeException ex) {
                logger.debug("error-alert: could not look for errors due a reminder in {}", source, ex);
                continue;
            }
            for (Reminder reminder : due) {
                String type = reminder.details() == null ? "" : reminder.details().exceptionType();
                if (silences.isMuted(reminder.fingerprint(), type)) {
                    continue;
                }
                delivery.submit(Alert.reminder(masked(reminder), origin, windows));
                sent.incrementAndGet();
                handed++;
            }
        }
        return handed;
    }

    private Reminder masked(Reminder reminder) {
        ErrorDetails details = reminder.details();
        if (details == null || details.sampleMessage() == null) {
            return reminder;
        }
        return new Reminder(reminder.fingerprint(), reminder.firstSeenMillis(), reminder.sinceMillis(),
                reminder.remindedAtMillis(), reminder.occurrences(), reminder.occurrencesSince(),
                StoredDetails.masked(details, masker));
    }

    /** Reminders this instance handed to delivery. */
    public long sent() {
        return sent.get();
    }
}
