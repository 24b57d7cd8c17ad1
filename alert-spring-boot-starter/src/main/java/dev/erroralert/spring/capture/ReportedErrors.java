package dev.erroralert.spring.capture;

import java.lang.ref.WeakReference;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * The exceptions reported lately, by identity, so that one exception seen by several capture points (nested beans, a
 * controller and then the log, a future and then its caller) is reported once: by the first.
 *
 * <p>A fixed table of weak references: no lock, no allocation beyond one weak reference per report, never keeps an
 * exception alive, bounded. An exception's identity hash picks a set of {@value #WAYS} slots, and it takes a free or
 * cleared one, else a random one of them. It may forget an exception when more than {@value #WAYS} others land in its
 * set before its last capture point sees it, which costs at worst a second report of the same exception; it never
 * mistakes one exception for another. A single slot per hash forgot too often: 200 requests failing at once share a
 * slot somewhere almost every time.
 */
final class ReportedErrors {

    /** How far down a cause chain an earlier report is looked for; also ends a cyclic chain. */
    private static final int CAUSES_LOOKED_AT = 16;

    private static final int SLOTS = 4096;

    /** Slots per set: an exception is looked for in the set its identity hash picks. */
    private static final int WAYS = 8;

    private final AtomicReferenceArray<@Nullable WeakReference<Throwable>> slots = new AtomicReferenceArray<>(SLOTS);

    /**
     * Whether neither {@code error} nor any of its causes was reported before; if so, {@code error} is remembered as
     * reported now.
     */
    boolean firstReportOf(Throwable error) {
        Throwable current = error;
        for (int i = 0; current != null && i < CAUSES_LOOKED_AT; i++) {
            if (remembered(current)) {
                return false;
            }
            current = causeOf(current);
        }
        remember(error);
        return true;
    }

    private boolean remembered(Throwable error) {
        int set = setOf(error);
        for (int way = 0; way < WAYS; way++) {
            WeakReference<Throwable> reference = slots.get(set + way);
            if (reference != null && reference.get() == error) {
                return true;
            }
        }
        return false;
    }

    private void remember(Throwable error) {
        int set = setOf(error);
        WeakReference<Throwable> reference = new WeakReference<>(error);
        for (int way = 0; way < WAYS; way++) {
            WeakReference<Throwable> taken = slots.get(set + way);
            if ((taken == null || taken.get() == null) && slots.compareAndSet(set + way, taken, reference)) {
                return;
            }
        }
        // A full set: a random victim, so that no slot is always the one given up.
        slots.set(set + ThreadLocalRandom.current().nextInt(WAYS), reference);
    }

    private static int setOf(Throwable error) {
        return (System.identityHashCode(error) * WAYS) & (SLOTS - 1);
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
