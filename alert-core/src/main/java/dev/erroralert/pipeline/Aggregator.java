package dev.erroralert.pipeline;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

import dev.erroralert.event.ErrorEvent;
import dev.erroralert.fingerprint.Fingerprint;
import org.jspecify.annotations.Nullable;

/**
 * Occurrences counted locally between two judgements, per fingerprint. The dispatcher adds, the decider takes;
 * every method is a few map operations under this object's lock, never I/O, and callers never touch it.
 * <p>
 * Holds at most {@code maxFingerprints} entries: judged entries (nothing pending) make room first, least recently
 * seen first. An entry keeps one example occurrence only while something is pending, so memory is bounded by the
 * number of distinct fingerprints, not by the number of occurrences.
 */
final class Aggregator {

    private final int maxFingerprints;
    private final LinkedHashMap<Fingerprint, Pending> entries = new LinkedHashMap<>(256, 0.75f, true);
    private final List<Fingerprint> arrivedNew = new ArrayList<>();
    private int pendingFingerprints;

    Aggregator(int maxFingerprints) {
        this.maxFingerprints = maxFingerprints;
    }

    /** What adding an occurrence did. */
    enum Added {
        /** The fingerprint was not known here: it is to be judged at once. */
        NEW,
        /** Counted for the next flush. */
        PENDING,
        /** No room: every entry is pending. Nothing was added; try again once the decider has taken them. */
        FULL
    }

    synchronized Added add(Fingerprint fingerprint, ErrorEvent example, long count) {
        Pending pending = entries.get(fingerprint);
        if (pending != null) {
            if (pending.count == 0) {
                pendingFingerprints++;
            }
            pending.add(example, count);
            return Added.PENDING;
        }
        if (entries.size() >= maxFingerprints && !evictOneJudged()) {
            return Added.FULL;
        }
        Pending created = new Pending(fingerprint);
        created.add(example, count);
        entries.put(fingerprint, created);
        pendingFingerprints++;
        arrivedNew.add(fingerprint);
        return Added.NEW;
    }

    /**
     * Take the first occurrence of each fingerprint that arrived new since the last take. It is judged on its own, so
     * a new error is alerted as "1st occurrence" at once; repeats that came right behind it wait for the flush.
     */
    synchronized List<Pending> takeNew() {
        List<Pending> taken = new ArrayList<>(arrivedNew.size());
        for (Fingerprint fingerprint : arrivedNew) {
            Pending pending = entries.get(fingerprint);
            if (pending != null && pending.count > 0) {
                taken.add(pending.takeFirst());
                if (pending.count == 0) {
                    pendingFingerprints--;
                }
            }
        }
        arrivedNew.clear();
        return taken;
    }

    /** Take everything pending: the first occurrences of new fingerprints first, on their own, then the rest. */
    synchronized List<Pending> takeAll() {
        List<Pending> taken = takeNew();
        for (Pending pending : entries.values()) {
            if (pending.count > 0) {
                taken.add(pending.takeCopy());
            }
        }
        pendingFingerprints = 0;
        return taken;
    }

    /** Whether anything waits to be judged. */
    synchronized boolean hasPending() {
        return pendingFingerprints > 0;
    }

    /** Whether occurrences of {@code fingerprint} wait to be judged. */
    synchronized boolean hasPending(Fingerprint fingerprint) {
        Pending pending = entries.get(fingerprint);
        return pending != null && pending.count > 0;
    }

    synchronized int size() {
        return entries.size();
    }

    private boolean evictOneJudged() {
        Iterator<Pending> leastRecentFirst = entries.values().iterator();
        while (leastRecentFirst.hasNext()) {
            if (leastRecentFirst.next().count == 0) {
                leastRecentFirst.remove();
                return true;
            }
        }
        return false;
    }

    /** The occurrences of one fingerprint not yet judged, and the first of them as the example to show. */
    static final class Pending {

        final Fingerprint fingerprint;
        long count;
        @Nullable ErrorEvent example;

        Pending(Fingerprint fingerprint) {
            this.fingerprint = fingerprint;
        }

        private void add(ErrorEvent event, long n) {
            if (count == 0) {
                example = event;
            }
            count += n;
        }

        private Pending takeFirst() {
            Pending first = new Pending(fingerprint);
            first.count = 1;
            first.example = example;
            count--;
            if (count == 0) {
                example = null;
            }
            return first;
        }

        /** These occurrences and {@code later}'s of the same fingerprint as one, showing the earlier example. */
        Pending mergedWith(Pending later) {
            Pending merged = new Pending(fingerprint);
            merged.count = count + later.count;
            merged.example = example != null ? example : later.example;
            return merged;
        }

        private Pending takeCopy() {
            Pending copy = new Pending(fingerprint);
            copy.count = count;
            copy.example = example;
            count = 0;
            example = null;
            return copy;
        }
    }
}
