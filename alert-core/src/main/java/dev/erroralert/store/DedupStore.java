package dev.erroralert.store;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import org.jspecify.annotations.Nullable;

/**
 * Shared deduplication state: one record per fingerprint, counted and expired atomically so that
 * instances racing on the same fingerprint agree on which occurrence was first.
 * <p>
 * The step is: if no live record exists (none, or expired), create one with {@code count = delta} and
 * {@code firstSeen = now}; otherwise add {@code delta}. Then set the record's lifetime to
 * {@link DedupWindows#ttlMillis(long) windows.ttlMillis(count)} from now.
 * <p>
 * A store that cannot answer throws; the chain then asks the next one. A store must bound its own waiting (a short
 * command or statement timeout): the chain skips a store that failed, but it cannot interrupt one that hangs, and a
 * hanging store holds up every decision behind it.
 */
public interface DedupStore {

    /** A short, fixed name for logs and metrics, such as {@code redis}. */
    String name();

    /**
     * Count {@code delta} occurrences of {@code fingerprint} at {@code nowMillis} in one atomic step, and keep
     * {@code details} for the error history where the store keeps one (the first details of a fingerprint are kept;
     * later ones may be ignored). Stores without a history ignore them.
     *
     * @param details what the history shows of the error, or {@code null}
     * @throws RuntimeException when the store is unavailable or too slow
     */
    Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
            @Nullable ErrorDetails details);

    /**
     * Count as {@link #record(Fingerprint, long, long, DedupWindows, ErrorDetails)} does, without details.
     *
     * @throws RuntimeException when the store is unavailable or too slow
     */
    default Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows) {
        return record(fingerprint, delta, nowMillis, windows, null);
    }

    /**
     * Count several errors' occurrences at {@code nowMillis}, each as {@link #record(Fingerprint, long, long,
     * DedupWindows, ErrorDetails)} does, in as few round trips as the store can: the slow sync of errors known to stay
     * suppressed sends every error due at once. Each error's step is atomic; the batch as a whole need not be, so a
     * store that fails part-way may have counted some of them (as a timed-out call may have). The alerts of earlier
     * steps that a delta carries ({@link CountDelta#alertedBefore()}) and this store counted are noted as
     * {@link #recordAlerted} notes them, best effort: a store that counted the batch and could not note them must not
     * fail it (the chain would count it again elsewhere). The default asks once per error, then notes the alerts.
     *
     * @return the tallies, in the order of {@code deltas}
     * @throws RuntimeException when the store is unavailable or too slow
     */
    default List<Tally> recordAll(List<CountDelta> deltas, long nowMillis, DedupWindows windows) {
        List<Tally> tallies = new ArrayList<>(deltas.size());
        for (CountDelta delta : deltas) {
            // A step may leave the thread's interrupt flag set (restoring an interrupt its client caught), which would
            // fail the next; the caller clears it before every call, as it did when each error was a call of its own.
            if (!tallies.isEmpty()) {
                Thread.interrupted();
            }
            tallies.add(record(delta.fingerprint(), delta.delta(), nowMillis, windows, delta.details()));
        }
        noteAlertedBefore(deltas, nowMillis);
        return tallies;
    }

    /**
     * Note, best effort, the earlier alerts that {@code deltas} carry and this store counted, in one
     * {@link #recordAlertedAll} batch: for a store whose {@link #recordAll} counts first and notes after.
     */
    default void noteAlertedBefore(List<CountDelta> deltas, long nowMillis) {
        List<AlertedStep> steps = new ArrayList<>();
        for (CountDelta delta : deltas) {
            for (Tally step : delta.alertedBeforeIn(name())) {
                steps.add(new AlertedStep(delta.fingerprint(), step));
            }
        }
        if (steps.isEmpty()) {
            return;
        }
        try {
            recordAlertedAll(steps, nowMillis);
        }
        catch (RuntimeException ex) {
            // Only the history's and the quiet summaries' alerted counts are missed, as when a note of its own fails.
        }
    }

    /**
     * Note that an alert was sent for the step that returned {@code tally}: one more alert, covering
     * {@link Tally#delta()} occurrences of the episode that began at {@link Tally#firstSeenMillis()}. Stores that
     * keep a history or summarise quiet episodes count it; others do nothing. A step whose episode has since ended is
     * no longer counted in the episode.
     *
     * @throws RuntimeException when the store is unavailable or too slow
     */
    default void recordAlerted(Fingerprint fingerprint, Tally tally, long nowMillis) {
    }

    /**
     * Note several alerts, each as {@link #recordAlerted(Fingerprint, Tally, long)} does, in as few round trips as the
     * store can: the decider notes the alerts of one round together. The default notes them one by one.
     *
     * @throws RuntimeException when the store is unavailable or too slow
     */
    default void recordAlertedAll(List<AlertedStep> steps, long nowMillis) {
        for (AlertedStep step : steps) {
            recordAlerted(step.fingerprint(), step.tally(), nowMillis);
        }
    }

    /**
     * The count of the fingerprint's live record at {@code nowMillis}: empty when there is none, or when the store
     * cannot tell.
     *
     * @throws RuntimeException when the store is unavailable or too slow
     */
    default OptionalLong liveCount(Fingerprint fingerprint, long nowMillis) {
        return OptionalLong.empty();
    }

    /**
     * Check that the store can answer, within its own timeout, so an application can say at start-up that a store is
     * unreachable rather than at the first error. Stores that cannot tell do nothing.
     *
     * @throws RuntimeException when the store is unavailable
     */
    default void probe() {
    }
}
