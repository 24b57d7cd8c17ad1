package dev.erroralert.history;

import java.util.List;

/**
 * A store that can tell which errors keep occurring past their cap, and hands each reminder of one to a single
 * caller, so that a fleet sends one reminder per error and interval.
 */
public interface BurningErrors {

    /**
     * Claim the reminders due at {@code nowMillis}, at most {@code max}: errors whose record is live, with
     * occurrences no alert was sent for, counted further since their last reminder, and whose last reminder (before
     * the first one: whose first occurrence) is {@code intervalMillis} or longer ago. Atomic across instances: a due
     * reminder is claimed once, by one caller, and the next one is due an interval after that claim. An error that
     * went quiet has no live record, and so no reminder: its quiet summary follows instead.
     *
     * @throws RuntimeException when the store is unavailable
     */
    List<Reminder> claimReminders(long nowMillis, long intervalMillis, int max);
}
