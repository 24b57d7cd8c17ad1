package dev.erroralert.delivery;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import dev.erroralert.fingerprint.Fingerprint;

/**
 * How many errors a destination may still name one by one: a storm names the first ones (500 in 10 minutes by
 * default) and counts the rest by type and location, so that thousands of new errors make a few messages, not
 * thousands of lines nobody reads.
 * <p>
 * The budget is spent on distinct errors: an error named once in the window is named again for free (its later
 * alerts, its quiet summary), so a few errors that keep alerting never use up the room a storm's new errors need. The
 * budget refills whole when its window has passed since it was first drawn on. Used by one lane thread; it remembers
 * at most as many errors as it may name.
 */
final class NamingBudget {

    private final int perWindow;
    private final long windowNanos;
    /** The errors named in the current window. */
    private final Set<Fingerprint> named = new HashSet<>();
    private long windowStartNanos;
    private boolean windowOpen;

    NamingBudget(int perWindow, Duration window) {
        this.perWindow = perWindow;
        this.windowNanos = window.toNanos();
    }

    /** Whether {@code error} may be named now: named already in this window, or the budget has room (then spent). */
    boolean name(Fingerprint error, long nowNanos) {
        if (windowOpen && nowNanos - windowStartNanos >= windowNanos) {
            windowOpen = false;
            named.clear();
        }
        if (named.contains(error)) {
            return true;
        }
        if (named.size() >= perWindow) {
            return false;
        }
        if (!windowOpen) {
            windowOpen = true;
            windowStartNanos = nowNanos;
        }
        named.add(error);
        return true;
    }
}
