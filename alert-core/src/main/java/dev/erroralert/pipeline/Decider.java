package dev.erroralert.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.erroralert.event.ErrorEvent;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.notify.ErrorSnapshot;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.silence.Silences;
import dev.erroralert.store.AlertedStep;
import dev.erroralert.store.CountDelta;
import dev.erroralert.store.DecisionChain;
import org.jspecify.annotations.Nullable;

/**
 * The thread that asks the chain: new fingerprints at once, all those of a round in one batch; every fingerprint with
 * pending repeats each flush interval — one question per fingerprint with the number of occurrences since the last,
 * all of them in one batch — and hands alerts to delivery. The only pipeline thread that waits on stores.
 * <p>
 * An alert is noted in the store that counted its step at the end of the round, all of the round's in one batch; or,
 * when repeats of its error wait already, so a next step will come (the next flush's, or the sync of an error that
 * stays suppressed), with that step, which costs the store a few commands in a call it makes anyway rather than a
 * call of its own. Such a note waits for at most the sync interval (and a quarter of its record's lifetime, so it
 * lands before its episode can end), and is noted on its own when no step came by then, or when everything pending
 * is judged at once.
 * <p>
 * An error the policy says stays suppressed is not asked about every flush: its repeats are counted here and sent to
 * the store at the slow suppressed-sync interval, which slides its record and feeds the history; whatever the store
 * then answers is judged as usual, so an error whose record expired meanwhile is judged afresh.
 */
final class Decider extends PipelineLoop {

    /** With nothing pending the decider sleeps until woken, but never longer than this. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** How often held repeats are looked at; their interval is far longer, so this only bounds its jitter. */
    private static final long SYNC_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Aggregator aggregator;
    private final DecisionChain chain;
    private final DeliveryEngine delivery;
    private final AlertMaker alerts;
    private final Clock clock;
    private final long flushIntervalNanos;
    private final Counters counters;
    private final DecisionObserver observer;
    private final Silences silences;
    private final KnownErrors knownErrors;
    private final long syncIntervalNanos;
    /** The steps alerted whose note waited long enough, noted in the stores together at the end of the round. */
    private final List<AlertedStep> alerted = new ArrayList<>();
    /** The errors with alerts not yet noted, waiting for their next step (see {@link KnownErrors.Known#unnoted}). */
    private final Set<KnownErrors.Known> carryingNotes = new LinkedHashSet<>();
    private long nextNoteDueNanos = Long.MAX_VALUE;
    private final DedupWindows windows;
    private long nextFlush = System.nanoTime();
    private long nextSyncSweep = System.nanoTime();
    private volatile boolean idle;
    private volatile boolean flushRequested;

    Decider(Aggregator aggregator, DecisionChain chain, DeliveryEngine delivery, AlertMaker alerts, Clock clock,
            PipelineSettings settings, Counters counters, DecisionObserver observer, Silences silences) {
        super(counters);
        this.aggregator = aggregator;
        this.chain = chain;
        this.delivery = delivery;
        this.alerts = alerts;
        this.clock = clock;
        this.flushIntervalNanos = settings.flushInterval().toNanos();
        this.counters = counters;
        this.observer = observer;
        this.silences = silences;
        this.windows = chain.policy().windows();
        this.knownErrors = new KnownErrors(settings.maxFingerprints(), windows);
        // Capped so the record of an error held here never expires while the error keeps occurring.
        this.syncIntervalNanos = Math.min(settings.suppressedSyncInterval().toNanos(),
                windows.repeat().toNanos() / 4);
    }

    @Override
    void step(boolean finalRound) {
        if (finalRound) {
            judgeTogether(aggregator.takeAll());
            sendHeld(true);
            releaseNotes(true);
            noteAlerts();
            return;
        }
        judgeTogether(aggregator.takeNew());
        long now = System.nanoTime();
        if (flushRequested || now - nextFlush >= 0) {
            flushRequested = false;
            judgeTogether(aggregator.takeAll());
            nextFlush = System.nanoTime() + flushIntervalNanos;
            now = System.nanoTime();
        }
        if (now - nextSyncSweep >= 0) {
            sendHeld(false);
            releaseNotes(false);
            nextSyncSweep = System.nanoTime() + SYNC_SWEEP_NANOS;
        }
        noteAlerts();
        now = System.nanoTime();
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
        judgeTogether(aggregator.takeAll());
        releaseNotes(true);
        noteAlerts();
    }

    /**
     * Keep the note of an alert sent for {@code step} until the error's next step, which notes it in the same call;
     * notes of another store or episode waiting already go on their own, since a step notes one episode's alerts.
     */
    private void carryNote(KnownErrors.Known known, Tally step) {
        if (!known.unnoted.isEmpty()) {
            Tally earlier = known.unnoted.get(0);
            if (!earlier.countedBy().equals(step.countedBy()) || earlier.firstSeenMillis() != step.firstSeenMillis()) {
                known.unnoted.forEach((waiting) -> alerted.add(new AlertedStep(known.fingerprint, waiting)));
                known.unnoted.clear();
            }
        }
        // A quarter of the record's lifetime at most: the note lands in the episode before it can end.
        long lifetimeNanos = TimeUnit.MILLISECONDS.toNanos(windows.ttlMillis(step.count()));
        long due = System.nanoTime() + Math.min(syncIntervalNanos + 2 * SYNC_SWEEP_NANOS, lifetimeNanos / 4);
        if (known.unnoted.isEmpty() || due - known.notesDueNanos < 0) {
            known.notesDueNanos = due;
        }
        known.unnoted.add(step);
        carryingNotes.add(known);
        if (due - nextNoteDueNanos < 0 || nextNoteDueNanos == Long.MAX_VALUE) {
            nextNoteDueNanos = due;
        }
    }

    /** The alerts waiting to be noted with the error's next step, taken for that step. */
    private List<Tally> takeNotes(KnownErrors.Known known) {
        if (known.unnoted.isEmpty()) {
            return List.of();
        }
        List<Tally> notes = List.copyOf(known.unnoted);
        known.unnoted.clear();
        carryingNotes.remove(known);
        return notes;
    }

    /** After a batch: the notes it carried that the store which counted it did not note go on their own. */
    private void notesNotTaken(CountDelta delta, @Nullable Tally counted) {
        for (Tally note : delta.alertedBefore()) {
            if (counted == null || !note.countedBy().equals(counted.countedBy())) {
                alerted.add(new AlertedStep(delta.fingerprint(), note));
            }
        }
    }

    /** Note on their own the alerts that waited long enough for a next step (or all of them). */
    private void releaseNotes(boolean all) {
        if (carryingNotes.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        if (!all && (nextNoteDueNanos == Long.MAX_VALUE || now - nextNoteDueNanos < 0)) {
            return;
        }
        long next = Long.MAX_VALUE;
        Iterator<KnownErrors.Known> each = carryingNotes.iterator();
        while (each.hasNext()) {
            KnownErrors.Known known = each.next();
            if (all || now - known.notesDueNanos >= 0) {
                known.unnoted.forEach((waiting) -> alerted.add(new AlertedStep(known.fingerprint, waiting)));
                known.unnoted.clear();
                each.remove();
            }
            else if (next == Long.MAX_VALUE || known.notesDueNanos - next < 0) {
                next = known.notesDueNanos;
            }
        }
        nextNoteDueNanos = next;
    }

    /**
     * Tell the stores of the alerts sent this round, after they were handed to delivery so that no alert waits for
     * it: all in one batch, which a store sends in one round trip per bucket rather than one per alert.
     */
    private void noteAlerts() {
        if (alerted.isEmpty()) {
            return;
        }
        Thread.interrupted();
        try {
            chain.recordAlertedAll(List.copyOf(alerted), clock.millis());
        }
        catch (Throwable ex) {
            counters.internalError("noting alerts", ex);
        }
        alerted.clear();
    }

    /**
     * Judge a round's errors (its new ones, or a flush's repeats) all together, in one batch that a store sends in as
     * few round trips as it can (one per Redis bucket), so that the first judgements of a storm's new errors and alerts
     * 2 to 6 of many errors cost a few calls a round, not one each; each error's step stays atomic, so racing
     * instances still agree on which occurrence was first. Errors known to stay suppressed are only counted here.
     */
    private void judgeTogether(List<Aggregator.Pending> pending) {
        // The first occurrence of an error not counted yet is a step of its own, so it is alerted as the first; its
        // repeats taken with it are the next step.
        List<Aggregator.Pending> firsts = new ArrayList<>();
        List<Aggregator.Pending> rest = new ArrayList<>();
        Set<Fingerprint> firstSeen = new HashSet<>();
        for (Aggregator.Pending one : pending) {
            KnownErrors.Known known = knownErrors.get(one.fingerprint);
            if (known.countedBy == null && !known.staysSuppressed && firstSeen.add(one.fingerprint)) {
                firsts.add(one);
            }
            else {
                rest.add(one);
            }
        }
        judgeBatch(firsts);
        judgeBatch(rest);
    }

    private void judgeBatch(List<Aggregator.Pending> pending) {
        if (pending.isEmpty()) {
            return;
        }
        // One step per error: an error the aggregator had forgotten arrives twice (its first occurrence, its repeats).
        Map<Fingerprint, Aggregator.Pending> byError = new LinkedHashMap<>();
        for (Aggregator.Pending one : pending) {
            try {
                KnownErrors.Known known = knownErrors.get(one.fingerprint);
                if (known.staysSuppressed) {
                    hold(known, one);
                }
                else {
                    byError.merge(one.fingerprint, one, Aggregator.Pending::mergedWith);
                }
            }
            catch (Throwable ex) {
                counters.internalError("judging an error", ex);
            }
        }
        if (byError.isEmpty()) {
            return;
        }
        List<Aggregator.Pending> batched = List.copyOf(byError.values());
        Thread.interrupted();
        long now = clock.millis();
        List<KnownErrors.Known> knowns = new ArrayList<>(batched.size());
        List<CountDelta> deltas = new ArrayList<>(batched.size());
        List<@Nullable ErrorEvent> examples = new ArrayList<>(batched.size());
        for (Aggregator.Pending one : batched) {
            KnownErrors.Known known = knownErrors.get(one.fingerprint);
            ErrorEvent example = one.example != null ? one.example : known.example;
            long delta = one.count + known.held;
            known.held = 0;
            known.example = null;
            snapshotOf(known, example);
            knowns.add(known);
            examples.add(example);
            deltas.add(new CountDelta(known.fingerprint, delta, detailsToSend(known, now), known.firstSeenMillis,
                    takeNotes(known)));
        }
        long[] fresh = batched.stream().mapToLong((one) -> one.count).toArray();
        recordAllAndAct(knowns, deltas, examples, fresh, now, false);
    }

    /**
     * Send {@code deltas} (one per entry of {@code knowns}) in one batch and act on each answer; {@code fresh} of each
     * are not yet counted in the stats. A sync of held repeats ({@code sync}) also counts, for each error that stays
     * suppressed, one more sync after which it did. Never throws: a batch that fails leaves its notes to a later step.
     */
    private void recordAllAndAct(List<KnownErrors.Known> knowns, List<CountDelta> deltas,
            List<@Nullable ErrorEvent> examples, long[] fresh, long now, boolean sync) {
        long started = System.nanoTime();
        List<Tally> tallies;
        try {
            tallies = chain.recordAll(deltas, now);
        }
        catch (Throwable ex) {
            counters.internalError(sync ? "sending held repeats" : "judging errors together", ex);
            deltas.forEach((unsent) -> notesNotTaken(unsent, null));
            return;
        }
        long sentNanos = System.nanoTime();
        long tookNanos = (sentNanos - started) / knowns.size();
        for (int i = 0; i < knowns.size(); i++) {
            KnownErrors.Known known = knowns.get(i);
            known.lastSentNanos = sentNanos;
            try {
                notesNotTaken(deltas.get(i), tallies.get(i));
                detailsSent(known, tallies.get(i), deltas.get(i).details());
                act(known, tallies.get(i), deltas.get(i).delta(), examples.get(i), fresh[i], now, tookNanos);
                if (sync && known.staysSuppressed) {
                    known.suppressedSyncs++;
                }
            }
            catch (Throwable ex) {
                counters.internalError(sync ? "judging held repeats" : "judging an error", ex);
            }
        }
    }

    /**
     * The details to send with a step: none once the store that counts the error holds them for its live record (it
     * keeps only the first, so sending them again costs it work for nothing), else what the history shows.
     */
    private @Nullable ErrorDetails detailsToSend(KnownErrors.Known known, long nowMillis) {
        boolean held = known.detailsKeptBy != null && known.detailsKeptBy.equals(known.countedBy)
                && !known.mayHaveExpired(nowMillis, windows);
        return held ? null : known.details;
    }

    /** Learn from a store's own tally whether it now holds the error's details. */
    private static void detailsSent(KnownErrors.Known known, Tally counted, @Nullable ErrorDetails sent) {
        if (counted.countedBy().equals(DecisionChain.DIRECT)) {
            return;
        }
        if (sent != null) {
            known.detailsKeptBy = counted.countedBy();
        }
        else if (counted.isNew() || !counted.countedBy().equals(known.detailsKeptBy)) {
            // A record begun without them (the store lost it, or another store took over): sent with the next step.
            known.detailsKeptBy = null;
        }
    }

    /**
     * Send the repeats held for errors known to stay suppressed: those due, or all of them on the final round; all in
     * one batch, which a store sends in as few round trips as it can.
     */
    private void sendHeld(boolean all) {
        List<KnownErrors.Known> due = knownErrors.due(System.nanoTime(), clock.millis(), syncIntervalNanos, all);
        if (due.isEmpty()) {
            return;
        }
        Thread.interrupted();
        List<CountDelta> deltas = new ArrayList<>(due.size());
        List<@Nullable ErrorEvent> examples = new ArrayList<>(due.size());
        long nowMillis = clock.millis();
        for (KnownErrors.Known known : due) {
            deltas.add(new CountDelta(known.fingerprint, known.held, detailsToSend(known, nowMillis),
                    known.countedBy == null ? 0 : known.firstSeenMillis, takeNotes(known)));
            examples.add(known.example);
            known.held = 0;
            known.example = null;
        }
        // Held repeats were counted in the stats when they were held.
        recordAllAndAct(due, deltas, examples, new long[due.size()], clock.millis(), true);
    }

    /**
     * Count here the occurrences of an error known to stay suppressed, whatever the store would say: they are sent
     * with its next sync (the sweep sends it once it is due, with every other error's held repeats, rather than this
     * occurrence alone).
     */
    private void hold(KnownErrors.Known known, Aggregator.Pending pending) {
        known.held += pending.count;
        if (known.example == null) {
            known.example = pending.example;
        }
        // A judgement made here, without the chain: observed and counted as one.
        observe(known.countedBy, DecisionObserver.Outcome.SUPPRESSED, pending.example, pending.count, 0);
        counters.judged.addAndGet(pending.count);
        counters.alertsSuppressed.incrementAndGet();
    }

    /** Judge what a store counted of a known error, and send the alert if there is one. */
    private void act(KnownErrors.Known known, Tally counted, long delta, @Nullable ErrorEvent example, long fresh,
            long now, long tookNanos) {
        ErrorSnapshot snapshot = snapshotOf(known, example);
        KnownErrors.Learnt learnt = known.learn(counted, now, windows);
        Tally tally = learnt.tally();
        if (learnt.newEpisode() && example != null) {
            // A new episode of a known error: its alert shows this occurrence, read once more.
            known.snapshot = null;
            snapshot = snapshotOf(known, example);
        }
        Decision decision = chain.judge(tally);
        known.staysSuppressed = staysSuppressed(decision);
        if (!known.staysSuppressed) {
            known.suppressedSyncs = 0;
        }
        boolean muted = decision instanceof Decision.Send && snapshot != null
                && silences.isMuted(known.fingerprint, snapshot.type());
        DecisionObserver.Outcome outcome = muted ? DecisionObserver.Outcome.MUTED
                : decision instanceof Decision.Send ? DecisionObserver.Outcome.SENT
                : DecisionObserver.Outcome.SUPPRESSED;
        // Observed before it is counted, so whoever sees the count in the stats knows the observer heard it too; and
        // before the alert is built, whose failure must not hide the judgement.
        if (fresh > 0 || outcome != DecisionObserver.Outcome.SUPPRESSED) {
            // Held repeats were observed as suppressed when they were held; only a change of mind is news.
            observe(tally.countedBy(), outcome, example, delta, tookNanos);
        }
        counters.judged.addAndGet(fresh);
        switch (outcome) {
            case SENT -> counters.alertsSent.incrementAndGet();
            case MUTED -> counters.alertsMuted.incrementAndGet();
            case SUPPRESSED -> {
                if (fresh > 0) {
                    counters.alertsSuppressed.incrementAndGet();
                }
            }
        }
        if (outcome == DecisionObserver.Outcome.SENT && example != null) {
            Decision.Send send = (Decision.Send) decision;
            // snapshotOf has read the example into the snapshot by now, so there is one.
            delivery.submit(alerts.alert(known.fingerprint, example, send, Objects.requireNonNull(snapshot)));
            // Noted at the round's end, so the alert does not wait for a store call; or, when repeats of the error
            // wait already (so a next step will come: the next flush's, or the sync of an error that stays
            // suppressed), with that step. The store is told of its own step, not of the continued one.
            if ((known.staysSuppressed && known.held > 0) || aggregator.hasPending(known.fingerprint)) {
                carryNote(known, counted);
            }
            else {
                alerted.add(new AlertedStep(known.fingerprint, counted));
            }
        }
    }

    private boolean staysSuppressed(Decision decision) {
        if (decision.tally().countedBy().equals(DecisionChain.DIRECT)) {
            return false;
        }
        try {
            return chain.policy().staysSuppressed(decision);
        }
        catch (RuntimeException ex) {
            // A broken custom policy: keep judging every flush, as before it was asked.
            counters.internalError("asking the policy whether an error stays suppressed", ex);
            return false;
        }
    }

    /**
     * The example read and masked once per error and episode: the store keeps only the first details of a record,
     * and an alert shows the same snapshot.
     */
    private @Nullable ErrorSnapshot snapshotOf(KnownErrors.Known known, @Nullable ErrorEvent example) {
        if (known.snapshot == null && example != null) {
            ErrorSnapshot snapshot = alerts.snapshot(example);
            known.snapshot = snapshot;
            known.details = alerts.details(snapshot, example);
        }
        return known.snapshot;
    }

    private void observe(@Nullable String store, DecisionObserver.Outcome outcome, @Nullable ErrorEvent example,
            long occurrences, long tookNanos) {
        try {
            String exceptionType = example == null ? "unknown" : example.error().getClass().getName();
            observer.observe(new DecisionObserver.Judgement(store == null ? "unknown" : store, outcome, occurrences,
                    exceptionType, Duration.ofNanos(tookNanos)));
        }
        catch (Throwable ex) {
            counters.observerFailed(ex);
        }
    }
}
