package dev.erroralert.delivery;

import java.time.Duration;

/**
 * How many errors a destination may still name one by one: a storm names the first ones (500 in 10 minutes by
 * default) and counts the rest by type and location, so that thousands of new errors make a few messages, not
 * thousands of lines nobody reads. The budget refills whole when its window has passed since it was first drawn on.
 * Used by one lane thread.
 */
final class NamingBudget {

    private final int perWindow;
    private final long windowNanos;
    private int left;
    private long windowStartNanos;
    private boolean windowOpen;

    NamingBudget(int perWindow, Duration window) {
        this.perWindow = perWindow;
        this.windowNanos = window.toNanos();
        this.left = perWindow;
    }

    /** How many errors may be named now. */
    int left(long nowNanos) {
        if (windowOpen && nowNanos - windowStartNanos >= windowNanos) {
            windowOpen = false;
            left = perWindow;
        }
        return left;
    }

    /** {@code named} errors were named. */
    void spend(int named, long nowNanos) {
        if (named <= 0) {
            return;
        }
        if (!windowOpen) {
            windowOpen = true;
            windowStartNanos = nowNanos;
        }
        left = Math.max(0, left - named);
    }
}
