package dev.erroralert.spring.capture;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * The exceptions reported lately, by identity, so that one exception seen by several capture points (nested beans, a
 * controller and then the log, a future and then its caller) is reported once: by the first.
 *
 * <p>A fixed table of weak references indexed by identity hash: no lock, no allocation beyond one weak reference per
 * report, never keeps an exception alive, bounded. It may forget (two exceptions sharing a slot), which costs at
 * worst a second report of the same exception; it never mistakes one exception for another.
 */
final class ReportedErrors {

    /** How far down a cause chain an earlier report is looked for; also ends a cyclic chain. */
    private static final int CAUSES_LOOKED_AT = 16;

    private static final int SLOTS = 4096;

    private final AtomicReferenceArray<@Nullable WeakReference<Throwable>> slots = new AtomicReferenceArray<>(SLOTS);

    /**
     * Whether neither {@code error} nor any of its causes was reported before; if so, {@code error} is remembered as
     * reported now.
     */
    boolean firstReportOf(Throwable error) {
        Throwable current = error;
        for (int i = 0; current != null && i < CAUSES_LOOKED_AT; i++) {
            WeakReference<Throwable> reference = slots.get(slotOf(current));
            if (reference != null && reference.get() == current) {
                return false;
            }
            current = causeOf(current);
        }
        slots.set(slotOf(error), new WeakReference<>(error));
        return true;
    }

    private static int slotOf(Throwable error) {
        return System.identityHashCode(error) & (SLOTS - 1);
    }

    private static @Nullable Throwable causeOf(Throwable error) {
        try {
            return error.getCause();
        }
        catch (Throwable ex) {
            // A getCause() that throws ends the search; it must not cost the report.
            return null;
        }
    }
}
