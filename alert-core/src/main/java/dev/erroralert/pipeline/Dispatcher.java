package dev.erroralert.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.erroralert.event.ErrorEvent;
import dev.erroralert.event.Origin;
import dev.erroralert.event.ThrownError;
import dev.erroralert.fingerprint.DefaultFingerprinter;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.fingerprint.Fingerprinter;
import dev.erroralert.fingerprint.InAppFrames;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.ErrorSnapshot;
import dev.erroralert.policy.Decision;
import dev.erroralert.store.DecisionChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread between callers and delivery. It takes occurrences from the hand-off, fingerprints them
 * (the costly reading of stack frames happens here, not on the caller's thread), counts them in the aggregator,
 * judges a new fingerprint at once and repeats every flush interval — one question to the chain per fingerprint,
 * with the number of occurrences since the last — and hands alerts to delivery.
 * <p>
 * Nothing stops this loop: a failure while handling one occurrence is counted and logged, and the loop goes on.
 */
final class Dispatcher implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 512;
    /** While errors keep coming, look for more every millisecond; after a quiet spell, less often. */
    private static final long BUSY_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long QUIET_SPELL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final HandOff handOff;
    private final Fingerprinter fingerprinter;
    private final DefaultFingerprinter fallbackFingerprinter = new DefaultFingerprinter();
    private final DecisionChain chain;
    private final Delivery delivery;
    private final InAppFrames inAppFrames;
    private final Origin origin;
    private final Clock clock;
    private final long flushIntervalNanos;
    private final Counters counters;
    private final Aggregator aggregator;
    private final Map<ErrorEvent, Fingerprint> overflowFingerprints = new IdentityHashMap<>();
    private final List<ErrorEvent> batch = new ArrayList<>(BATCH);

    private volatile boolean stopping;
    private volatile Thread thread;

    Dispatcher(HandOff handOff, Fingerprinter fingerprinter, DecisionChain chain, Delivery delivery,
            InAppFrames inAppFrames, Origin origin, Clock clock, PipelineSettings settings, Counters counters) {
        this.handOff = handOff;
        this.fingerprinter = fingerprinter;
        this.chain = chain;
        this.delivery = delivery;
        this.inAppFrames = inAppFrames;
        this.origin = origin;
        this.clock = clock;
        this.flushIntervalNanos = settings.flushInterval().toNanos();
        this.counters = counters;
        this.aggregator = new Aggregator(settings.maxFingerprints());
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        long nextFlush = System.nanoTime() + flushIntervalNanos;
        long lastActivity = System.nanoTime();
        while (true) {
            boolean finalRound = stopping;
            int taken = drainHandOff();
            long now = System.nanoTime();
            if (taken > 0) {
                lastActivity = now;
            }
            if (finalRound) {
                // Callers no longer capture: what is queued now is all there is.
                while (drainHandOff() > 0) {
                    // keep draining
                }
                flush();
                return;
            }
            if (now - nextFlush >= 0) {
                flush();
                nextFlush = System.nanoTime() + flushIntervalNanos;
            }
            if (taken == 0) {
                LockSupport.parkNanos(this, now - lastActivity > QUIET_SPELL_NANOS ? IDLE_PARK_NANOS : BUSY_PARK_NANOS);
            }
        }
    }

    /** Ask the loop to judge everything pending and end; it wakes at once. */
    void stop() {
        stopping = true;
        Thread running = thread;
        if (running != null) {
            LockSupport.unpark(running);
        }
    }

    private int drainHandOff() {
        int taken = handOff.drainTo(batch, BATCH);
        for (ErrorEvent event : batch) {
            try {
                accept(event, fingerprint(event), 1);
            }
            catch (Throwable ex) {
                internalError("handling an occurrence", ex);
            }
        }
        batch.clear();
        return taken;
    }

    private void accept(ErrorEvent event, Fingerprint fingerprint, long count) {
        switch (aggregator.add(fingerprint, event, count)) {
            case NEW -> {
                Aggregator.Pending pending = aggregator.take(fingerprint);
                if (pending != null) {
                    judge(pending);
                }
            }
            case FULL -> {
                counters.judgedAlone.addAndGet(count);
                Aggregator.Pending alone = new Aggregator.Pending(fingerprint);
                alone.count = count;
                alone.example = event;
                judge(alone);
            }
            case PENDING -> {
            }
        }
    }

    private void flush() {
        handOff.drainOverflow((example, count) -> {
            try {
                // Examples are permanent and bounded in number (HandOff.MAX_OVERFLOW_KEYS), and so is this cache.
                accept(example, overflowFingerprints.computeIfAbsent(example, this::fingerprint), count);
            }
            catch (Throwable ex) {
                internalError("handling overflowed occurrences", ex);
            }
        });
        for (Aggregator.Pending pending : aggregator.takeAll()) {
            judge(pending);
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
            internalError("fingerprinting with " + fingerprinter.getClass().getName(), ex);
        }
        return fallbackFingerprinter.fingerprint(event);
    }

    private void judge(Aggregator.Pending pending) {
        ErrorEvent example = pending.example;
        try {
            Decision decision = chain.decide(pending.fingerprint, pending.count, clock.millis());
            counters.judged.addAndGet(pending.count);
            if (decision instanceof Decision.Send send) {
                counters.alertsSent.incrementAndGet();
                delivery.submit(alert(pending.fingerprint, send, example));
            }
            else {
                counters.alertsSuppressed.incrementAndGet();
            }
        }
        catch (Throwable ex) {
            internalError("judging an error", ex);
        }
    }

    private Alert alert(Fingerprint fingerprint, Decision.Send decision, ErrorEvent example) {
        ErrorSnapshot snapshot = ErrorSnapshot.of(ThrownError.read(example.error()), inAppFrames);
        return new Alert(fingerprint, decision, snapshot, example.site(), origin, example.threadName(),
                example.context(), chain.policy().windows(), example.epochMillis());
    }

    private void internalError(String doing, Throwable ex) {
        counters.internalErrors.incrementAndGet();
        log.error("error-alert: failed {}; carrying on", doing, ex);
    }
}
