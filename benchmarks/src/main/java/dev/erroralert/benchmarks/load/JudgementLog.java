package dev.erroralert.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import dev.erroralert.pipeline.DecisionObserver;

/**
 * Hears every judgement on the decider thread, where the decision time is measured: counts per store always, and
 * each judgement of one exception type in full while asked to. Kept cheap (an add to a queue), since every
 * judgement behind it waits.
 */
final class JudgementLog implements DecisionObserver {

    private final Map<String, StoreCounts> byStore = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private volatile String recordedType = "";

    @Override
    public void observe(Judgement judgement) {
        StoreCounts counts = byStore.computeIfAbsent(judgement.store(), (store) -> new StoreCounts());
        counts.judgements.increment();
        counts.occurrences.add(judgement.occurrences());
        if (judgement.exceptionType().equals(recordedType)) {
            entries.add(new Entry(judgement.store(), judgement.outcome().value(), judgement.occurrences(),
                    judgement.took().toNanos(), System.nanoTime()));
        }
    }

    /** Keep each judgement of exceptions of {@code type} from now on, and forget those kept so far. */
    void record(Class<? extends Throwable> type) {
        entries.clear();
        recordedType = type.getName();
    }

    /** The judgements kept since {@link #record}, oldest first. */
    List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    /** Judgements so far, per store. */
    Map<String, Long> judgements() {
        Map<String, Long> judgements = new TreeMap<>();
        byStore.forEach((store, counts) -> judgements.put(store, counts.judgements.sum()));
        return judgements;
    }

    /** Occurrences judged so far, per store. */
    Map<String, Long> occurrences() {
        Map<String, Long> occurrences = new TreeMap<>();
        byStore.forEach((store, counts) -> occurrences.put(store, counts.occurrences.sum()));
        return occurrences;
    }

    private static final class StoreCounts {

        final LongAdder judgements = new LongAdder();
        final LongAdder occurrences = new LongAdder();
    }

    /**
     * One judgement as the decider saw it.
     *
     * @param store the store that counted
     * @param outcome sent, suppressed or muted
     * @param occurrences how many occurrences it covered
     * @param tookNanos how long the chain took, fall-throughs included
     * @param observedAtNanos when it was observed ({@link System#nanoTime()})
     */
    record Entry(String store, String outcome, long occurrences, long tookNanos, long observedAtNanos) {
    }
}
