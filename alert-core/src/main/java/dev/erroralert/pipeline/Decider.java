package dev.erroralert.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.erroralert.event.ErrorEvent;
import dev.erroralert.event.Origin;
import dev.erroralert.event.ThrownError;
import dev.erroralert.fingerprint.InAppFrames;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.ErrorSnapshot;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.policy.Decision;
import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.silence.Silences;
import dev.erroralert.store.DecisionChain;

/**
 * The thread that asks the chain: a new fingerprint at once, every fingerprint with pending repeats each flush
 * interval — one question per fingerprint with the number of occurrences since the last — and hands alerts to
 * delivery. The only pipeline thread that waits on stores.
 */
final class Decider extends PipelineLoop {

    /** With nothing pending the decider sleeps until woken, but never longer than this. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Aggregator aggregator;
    private final DecisionChain chain;
    private final DeliveryEngine delivery;
    private final InAppFrames inAppFrames;
    private final SecretMasker masker;
    private final Origin origin;
    private final Clock clock;
    private final long flushIntervalNanos;
    private final Counters counters;
    private final DecisionObserver observer;
    private final Silences silences;
    private long nextFlush = System.nanoTime();
    private volatile boolean idle;
    private volatile boolean flushRequested;

    Decider(Aggregator aggregator, DecisionChain chain, DeliveryEngine delivery, InAppFrames inAppFrames,
            SecretMasker masker, Origin origin, Clock clock, PipelineSettings settings, Counters counters,
            DecisionObserver observer, Silences silences) {
        super(counters);
        this.aggregator = aggregator;
        this.chain = chain;
        this.delivery = delivery;
        this.inAppFrames = inAppFrames;
        this.masker = masker;
        this.origin = origin;
        this.clock = clock;
        this.flushIntervalNanos = settings.flushInterval().toNanos();
        this.counters = counters;
        this.observer = observer;
        this.silences = silences;
    }

    @Override
    void step(boolean finalRound) {
        if (finalRound) {
            judgeAllHere();
            return;
        }
        judge(aggregator.takeNew());
        long now = System.nanoTime();
        if (flushRequested || now - nextFlush >= 0) {
            flushRequested = false;
            judge(aggregator.takeAll());
            nextFlush = System.nanoTime() + flushIntervalNanos;
            now = System.nanoTime();
        }
        // Idle is announced before looking, so an occurrence added meanwhile either is seen here or wakes us.
        idle = true;
        if (aggregator.hasPending()) {
            idle = false;
            LockSupport.parkNanos(this, Math.max(0, nextFlush - now));
        }
        else {
            LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            idle = false;
        }
    }

    /** Wake for repeats only when sleeping with nothing pending; a new fingerprint always wakes ({@link #wake()}). */
    void wakeIfIdle() {
        if (idle) {
            wake();
        }
    }

    /** Judge everything pending on the next round rather than at the flush interval. */
    void flushNow() {
        flushRequested = true;
        wake();
    }

    /** Judge everything pending on the calling thread. */
    void judgeAllHere() {
        judge(aggregator.takeAll());
    }

    private void judge(List<Aggregator.Pending> pending) {
        for (Aggregator.Pending one : pending) {
            try {
                judge(one);
            }
            catch (Throwable ex) {
                counters.internalError("judging an error", ex);
            }
        }
    }

    private void judge(Aggregator.Pending pending) {
        // A store may leave the flag set (restoring an interrupt it caught); the next store call would then fail.
        Thread.interrupted();
        ErrorEvent example = pending.example;
        // Read and masked once: the history keeps its details, and an alert shows the same snapshot.
        ErrorSnapshot snapshot = example == null ? null
                : ErrorSnapshot.of(ThrownError.read(example.error()), inAppFrames, masker);
        ErrorDetails details = snapshot == null ? null : new ErrorDetails(snapshot.type(), snapshot.message(),
                example.site().location(), origin.application(), origin.environment());
        long now = clock.millis();
        long started = System.nanoTime();
        Decision decision = chain.decide(pending.fingerprint, pending.count, now, details);
        long tookNanos = System.nanoTime() - started;
        boolean muted = decision instanceof Decision.Send && snapshot != null
                && silences.isMuted(pending.fingerprint, snapshot.type());
        DecisionObserver.Outcome outcome = muted ? DecisionObserver.Outcome.MUTED
                : decision instanceof Decision.Send ? DecisionObserver.Outcome.SENT
                : DecisionObserver.Outcome.SUPPRESSED;
        // Observed before it is counted, so whoever sees the count in the stats knows the observer heard it too; and
        // before the alert is built, whose failure must not hide the judgement.
        observe(decision, outcome, pending, tookNanos);
        counters.judged.addAndGet(pending.count);
        switch (outcome) {
            case SENT -> counters.alertsSent.incrementAndGet();
            case MUTED -> counters.alertsMuted.incrementAndGet();
            case SUPPRESSED -> counters.alertsSuppressed.incrementAndGet();
        }
        if (outcome == DecisionObserver.Outcome.SENT) {
            Decision.Send send = (Decision.Send) decision;
            delivery.submit(alert(pending, send, snapshot));
            // After the hand-over to delivery, so the alert does not wait for this second store call.
            chain.recordAlerted(pending.fingerprint, send.tally(), now);
        }
    }

    private void observe(Decision decision, DecisionObserver.Outcome outcome, Aggregator.Pending pending,
            long tookNanos) {
        try {
            ErrorEvent example = pending.example;
            String exceptionType = example == null ? "unknown" : example.error().getClass().getName();
            observer.observe(new DecisionObserver.Judgement(decision.tally().countedBy(), outcome, pending.count,
                    exceptionType, Duration.ofNanos(tookNanos)));
        }
        catch (Throwable ex) {
            counters.observerFailed(ex);
        }
    }

    private Alert alert(Aggregator.Pending pending, Decision.Send decision, ErrorSnapshot snapshot) {
        ErrorEvent example = pending.example;
        // Masked once, in judge(), so every destination, the log and the outbox only ever see masked text.
        Map<String, String> context = new LinkedHashMap<>();
        example.context().forEach((key, value) -> context.put(key, masker.mask(value)));
        return new Alert(pending.fingerprint, decision, snapshot, example.site(), origin, example.threadName(),
                context, chain.policy().windows(), example.epochMillis());
    }
}
