package dev.erroralert.pipeline;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

import dev.erroralert.event.ErrorEvent;
import dev.erroralert.fingerprint.Fingerprint;
import org.jspecify.annotations.Nullable;

/**
 * Occurrences counted locally between two judgements, per fingerprint. Used by the dispatcher thread only, so it
 * needs no lock. Holds at most {@code maxFingerprints} entries: judged entries (nothing pending) make room first,
 * least recently seen first; the example occurrence is let go of once judged, so an idle entry is a few fields.
 */
final class Aggregator {

    private final int maxFingerprints;
    private final LinkedHashMap<Fingerprint, Pending> entries = new LinkedHashMap<>(256, 0.75f, true);

    Aggregator(int maxFingerprints) {
        this.maxFingerprints = maxFingerprints;
    }

    /** What adding an occurrence did. */
    enum Added {
        /** The fingerprint was not known here: judge it at once. */
        NEW,
        /** Counted for the next flush. */
        PENDING,
        /** No room: every entry is pending. Judge this occurrence on its own. */
        FULL
    }

    Added add(Fingerprint fingerprint, ErrorEvent example, long count) {
        Pending pending = entries.get(fingerprint);
        if (pending != null) {
            pending.add(example, count);
            return Added.PENDING;
        }
        if (entries.size() >= maxFingerprints && !evictOneJudged()) {
            return Added.FULL;
        }
        Pending created = new Pending(fingerprint);
        created.add(example, count);
        entries.put(fingerprint, created);
        return Added.NEW;
    }

    /** Take what is pending for {@code fingerprint}, or {@code null} when nothing is. */
    @Nullable Pending take(Fingerprint fingerprint) {
        Pending pending = entries.get(fingerprint);
        return pending == null || pending.count == 0 ? null : pending.takeCopy();
    }

    /** Take everything pending. */
    List<Pending> takeAll() {
        List<Pending> taken = new ArrayList<>();
        for (Pending pending : entries.values()) {
            if (pending.count > 0) {
                taken.add(pending.takeCopy());
            }
        }
        return taken;
    }

    int size() {
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
