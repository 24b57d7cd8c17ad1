package dev.erroralert.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.erroralert.event.ErrorEvent;
import dev.erroralert.fingerprint.DefaultFingerprinter;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.fingerprint.Fingerprinter;

/**
 * The thread between callers and the decider: it takes occurrences from the hand-off, fingerprints them (the
 * costly reading of stack frames and messages happens here, never on a caller's thread) and counts them in the
 * aggregator. It does no I/O, so it keeps the hand-off near empty even while a store is slow, and raw exceptions
 * do not pile up there.
 */
final class Dispatcher extends PipelineLoop {

    private static final int BATCH = 512;
    /** Callers do not signal (it would cost them a system call): while errors keep coming, look every millisecond. */
    private static final long BUSY_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long QUIET_SPELL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final HandOff handOff;
    private final Fingerprinter fingerprinter;
    private final DefaultFingerprinter fallbackFingerprinter = new DefaultFingerprinter();
    private final Aggregator aggregator;
    private final Decider decider;
    private final Counters counters;
    private final long overflowDrainNanos;
    private final List<ErrorEvent> batch = new ArrayList<>(BATCH);
    private long nextOverflowDrain = System.nanoTime();
    private long lastActivity = System.nanoTime();

    Dispatcher(HandOff handOff, Fingerprinter fingerprinter, Aggregator aggregator, Decider decider,
            PipelineSettings settings, Counters counters) {
        super(counters);
        this.handOff = handOff;
        this.fingerprinter = fingerprinter;
        this.aggregator = aggregator;
        this.decider = decider;
        this.counters = counters;
        this.overflowDrainNanos = settings.flushInterval().toNanos();
    }

    @Override
    void step(boolean finalRound) {
        if (finalRound) {
            drainEverything();
            return;
        }
        int taken = drainHandOff();
        long now = System.nanoTime();
        if (now - nextOverflowDrain >= 0) {
            handOff.drainOverflow(this::acceptOverflow);
            nextOverflowDrain = now + overflowDrainNanos;
        }
        if (taken > 0) {
            lastActivity = now;
            decider.wakeIfIdle();
        }
        else {
            LockSupport.parkNanos(this, now - lastActivity > QUIET_SPELL_NANOS ? IDLE_PARK_NANOS : BUSY_PARK_NANOS);
        }
    }

    /** Take in everything queued or counted in overflow; also called once more after the loop ended. */
    void drainEverything() {
        while (drainHandOff() > 0) {
            // until empty
        }
        handOff.drainOverflow(this::acceptOverflow);
    }

    private int drainHandOff() {
        int taken = handOff.drainTo(batch, BATCH);
        for (ErrorEvent event : batch) {
            try {
                accept(event, 1);
            }
            catch (Throwable ex) {
                counters.internalError("taking in an occurrence", ex);
            }
        }
        batch.clear();
        return taken;
    }

    private void acceptOverflow(HandOff.Overflow counted, long count) {
        try {
            ErrorEvent example = counted.latest();
            Fingerprint fingerprint = counted.fingerprint;
            if (fingerprint == null) {
                fingerprint = fingerprint(example);
                if (counted.oneError()) {
                    // The entry counts one error (type, site and message) for as long as it lives.
                    counted.fingerprint = fingerprint;
                }
            }
            accept(fingerprint, example, count);
        }
        catch (Throwable ex) {
            counters.internalError("taking in overflowed occurrences", ex);
        }
    }

    private void accept(ErrorEvent event, long count) {
        accept(fingerprint(event), event, count);
    }

    private void accept(Fingerprint fingerprint, ErrorEvent event, long count) {
        Aggregator.Added added;
        while ((added = aggregator.add(fingerprint, event, count)) == Aggregator.Added.FULL) {
            // Every fingerprint held is waiting to be judged: have them judged now and wait for room. Callers are not
            // held up meanwhile; the hand-off counts what they throw.
            if (!decider.isRunning()) {
                decider.judgeAllHere();
            }
            decider.flushNow();
            LockSupport.parkNanos(this, BUSY_PARK_NANOS);
        }
        if (added == Aggregator.Added.NEW) {
            decider.wake();
        }
    }

    private Fingerprint fingerprint(ErrorEvent event) {
        try {
            Fingerprint fingerprint = fingerprinter.fingerprint(event);
            if (fingerprint != null) {
                return fingerprint;
            }
        }
        catch (Throwable ex) {
            // A broken custom fingerprinter must not lose the occurrence.
            counters.internalError("fingerprinting with " + fingerprinter.getClass().getName(), ex);
        }
        return fallbackFingerprinter.fingerprint(event);
    }
}
