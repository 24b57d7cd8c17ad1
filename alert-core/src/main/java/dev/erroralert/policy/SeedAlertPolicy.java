package dev.erroralert.policy;

import java.time.Duration;

/**
 * The rule of the original write-up, the default policy.
 * <ol>
 * <li>A new error (no live record) is stored with count 1 for {@code firstWindow} and alerted.</li>
 * <li>A repeat adds to the count and slides the record's life to {@code repeatWindow}; it is alerted unless the
 * count before it is greater than {@code suppressAfter}. With the defaults occurrences 1 to 6 alert, 7 onward are
 * counted only, until the error is quiet for a whole window.</li>
 * <li>Several occurrences judged at once send one alert if any of them would have been alerted alone.</li>
 * <li>The last alert before the cap says so.</li>
 * </ol>
 */
public final class SeedAlertPolicy implements AlertPolicy {

    public static final Duration DEFAULT_FIRST_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REPEAT_WINDOW = Duration.ofMinutes(30);
    public static final int DEFAULT_SUPPRESS_AFTER = 5;

    private final DedupWindows windows;
    private final long suppressAfter;

    public SeedAlertPolicy(Duration firstWindow, Duration repeatWindow, long suppressAfter) {
        DedupWindows.requirePositive(firstWindow, "firstWindow");
        DedupWindows.requirePositive(repeatWindow, "repeatWindow");
        if (suppressAfter < 0) {
            throw new IllegalArgumentException("suppressAfter must be 0 or more, got " + suppressAfter);
        }
        this.windows = new DedupWindows(firstWindow, repeatWindow);
        this.suppressAfter = suppressAfter;
    }

    public static SeedAlertPolicy ofDefaults() {
        return new SeedAlertPolicy(DEFAULT_FIRST_WINDOW, DEFAULT_REPEAT_WINDOW, DEFAULT_SUPPRESS_AFTER);
    }

    @Override
    public DedupWindows windows() {
        return windows;
    }

    /** The greatest count-before that is still alerted. */
    public long suppressAfter() {
        return suppressAfter;
    }

    @Override
    public Decision decide(Tally tally) {
        // The k-th occurrence of this step has (previousCount + k - 1) occurrences before it; the first of them has
        // the fewest, so the step alerts exactly when its first occurrence would have.
        if (tally.previousCount() > suppressAfter) {
            return new Decision.Suppress(tally);
        }
        // The occurrence with suppressAfter before it is the last alerted one; it is in this step when count passed it.
        boolean capped = tally.count() > suppressAfter;
        return new Decision.Send(tally, capped);
    }

    /**
     * Every step after a suppressed one, or after the capped alert (the last one), is suppressed for as long as the
     * record lives: the count only grows while the record slides, so the count before every later step is at least
     * this step's count, which is greater than {@code suppressAfter}. Knowing it at the capped alert spares the store
     * the judgement that would only confirm it.
     */
    @Override
    public boolean staysSuppressed(Decision decision) {
        return decision instanceof Decision.Suppress
                || decision instanceof Decision.Send send && send.capped() && decision.tally().count() > suppressAfter;
    }

    @Override
    public String toString() {
        return "SeedAlertPolicy[firstWindow=" + windows.first() + ", repeatWindow=" + windows.repeat()
                + ", suppressAfter=" + suppressAfter + "]";
    }
}
