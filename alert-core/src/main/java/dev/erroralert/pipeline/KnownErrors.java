package dev.erroralert.pipeline;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

import dev.erroralert.event.ErrorEvent;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.notify.ErrorSnapshot;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.DecisionChain;
import org.jspecify.annotations.Nullable;

/**
 * What this instance last learnt of each live error: the count the stores gave it, whether the error is known to
 * stay suppressed, the repeats counted here and not yet sent, and the masked example shown for it. Only the decider
 * thread uses it.
 * <p>
 * Holds at most {@code maxErrors} entries; an error quiet for longer than its record lives is forgotten, as the
 * stores forget it.
 */
final class KnownErrors {

    /**
     * How much sooner than its lifetime a record is taken for expired: the store's clock and this instance's may
     * differ by the time a call takes, and an error counted afresh is safer than one held back.
     */
    static final long EXPIRY_MARGIN_MILLIS = 1_000;

    /**
     * How often the sync interval of an error doubles while it stays suppressed sync after sync: at most 4 times the
     * configured interval, so the history and the store lag a long-suppressed error by little more.
     */
    static final int MAX_SYNC_DOUBLINGS = 2;

    private final int maxErrors;
    private final DedupWindows windows;
    private final LinkedHashMap<Fingerprint, Known> entries = new LinkedHashMap<>(256, 0.75f, true);

    KnownErrors(int maxErrors, DedupWindows windows) {
        this.maxErrors = maxErrors;
        this.windows = windows;
    }

    /** The entry of {@code fingerprint}, created when unknown; least recently used entries with nothing held go. */
    Known get(Fingerprint fingerprint) {
        Known known = entries.get(fingerprint);
        if (known == null) {
            known = new Known(fingerprint);
            entries.put(fingerprint, known);
            if (entries.size() > maxErrors) {
                evictOne();
            }
        }
        return known;
    }

    /** The entry of {@code fingerprint}, or {@code null} when none is kept. */
    @Nullable Known peek(Fingerprint fingerprint) {
        return entries.get(fingerprint);
    }

    /**
     * The entries whose held repeats go to the store now: once any is due (sent its {@link #syncIntervalNanos
     * interval} or longer ago), every entry holding repeats that is at least half-way through its own — so that the
     * syncs of many errors fall together, one round trip per store bucket, rather than each error on a clock of its
     * own — or, when {@code all}, every entry holding repeats. Forgets, on the way, errors quiet for longer than their
     * record lives.
     */
    List<Known> due(long nowNanos, long nowMillis, long intervalNanos, boolean all) {
        List<Known> holding = new ArrayList<>();
        boolean anyDue = all;
        Iterator<Known> each = entries.values().iterator();
        while (each.hasNext()) {
            Known known = each.next();
            if (known.held > 0) {
                long elapsed = nowNanos - known.lastSentNanos;
                long interval = syncIntervalNanos(known, intervalNanos);
                if (all || elapsed >= interval / 2) {
                    holding.add(known);
                }
                anyDue |= elapsed >= interval;
            }
            else if (known.isExpired(nowMillis, windows)) {
                each.remove();
            }
        }
        return anyDue ? holding : List.of();
    }

    /**
     * The interval of an error's syncs: {@code intervalNanos} at first, doubling with each sync after which it stays
     * suppressed (its repeats are many and the store has nothing new to say), {@link #MAX_SYNC_DOUBLINGS} times at
     * most; never more than a quarter of the repeat window, so the record never expires while the error occurs.
     */
    long syncIntervalNanos(Known known, long intervalNanos) {
        long grown = intervalNanos << Math.min(known.suppressedSyncs, MAX_SYNC_DOUBLINGS);
        return Math.min(grown, Math.max(intervalNanos, windows.repeat().toNanos() / 4));
    }

    /** Whether any repeats are held, waiting for the store. */
    boolean holdsAny() {
        for (Known known : entries.values()) {
            if (known.held > 0) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return entries.size();
    }

    private void evictOne() {
        Iterator<Known> leastRecentFirst = entries.values().iterator();
        while (leastRecentFirst.hasNext()) {
            if (leastRecentFirst.next().held == 0) {
                leastRecentFirst.remove();
                return;
            }
        }
    }

    /** A tally as the episode counts it, and whether it begins a new episode of an error known before. */
    record Learnt(Tally tally, boolean newEpisode) {
    }

    /** One live error as this instance knows it. */
    static final class Known {

        final Fingerprint fingerprint;
        /** The example read and masked once per episode, and what the history keeps of it. */
        @Nullable ErrorSnapshot snapshot;
        @Nullable ErrorDetails details;
        /** The store known to hold the details for the live record, or null when they are to be sent. */
        @Nullable String detailsKeptBy;
        /** The store that counted last, and the count it gave (plus the offset), or null before the first answer. */
        @Nullable String countedBy;
        long count;
        long firstSeenMillis;
        long lastCountedMillis;
        /** Added to a store's counts since it took over from a store that had counted further. */
        long offset;
        /** Whether the policy said the error stays suppressed while its record lives. */
        boolean staysSuppressed;
        /** How many syncs in a row the error stayed suppressed after, which stretches its sync interval. */
        int suppressedSyncs;
        /** Repeats counted here since the last store call, and when that call was made. */
        long held;
        long lastSentNanos;
        /** The first of the held repeats, kept only while some are held, for an alert should the store answer so. */
        @Nullable ErrorEvent example;
        /**
         * The steps of one store and episode an alert was sent for and that are not noted yet: the error's next step
         * notes them; by {@link #notesDueNanos} they are noted on their own.
         */
        final List<Tally> unnoted = new ArrayList<>(2);
        long notesDueNanos;

        Known(Fingerprint fingerprint) {
            this.fingerprint = fingerprint;
        }

        /**
         * The tally as the error's whole episode counts it. While the record this instance last learnt of must still
         * be live (it cannot have expired yet, and other instances only prolong it), a store that answers with less
         * than was known — another store taking over (failover to the database, or back), or the same one restarted
         * empty — is continued from the count this instance last learnt, so an error at the cap stays suppressed and
         * one alerted three times goes on at four. A record this instance knows to have expired starts a new episode.
         *
         * @return the continued tally, and whether it begins a new episode for this instance
         */
        Learnt learn(Tally tally, long nowMillis, DedupWindows windows) {
            if (tally.countedBy().equals(DecisionChain.DIRECT)) {
                // Sent unconditionally by the chain's own choice: nothing to learn from.
                return new Learnt(tally, false);
            }
            boolean live = countedBy != null && !mayHaveExpired(nowMillis, windows);
            boolean newEpisode = false;
            if (!live) {
                newEpisode = countedBy != null;
                offset = 0;
                firstSeenMillis = tally.firstSeenMillis();
            }
            else if (!tally.countedBy().equals(countedBy)) {
                offset = Math.max(0, count - tally.previousCount());
            }
            else {
                offset = Math.max(offset, count - tally.previousCount());
            }
            countedBy = tally.countedBy();
            lastCountedMillis = nowMillis;
            Tally learnt = offset == 0 && firstSeenMillis == tally.firstSeenMillis() ? tally
                    : new Tally(tally.previousCount() + offset, tally.count() + offset, firstSeenMillis,
                            tally.countedBy());
            count = learnt.count();
            return new Learnt(learnt, newEpisode);
        }

        /** Whether the record this instance last learnt of has expired by now, had nobody counted since. */
        boolean isExpired(long nowMillis, DedupWindows windows) {
            return countedBy == null || nowMillis - lastCountedMillis >= windows.ttlMillis(count);
        }

        /** Whether it has expired, or is so near its end that the store may have seen it expire. */
        boolean mayHaveExpired(long nowMillis, DedupWindows windows) {
            long ttl = windows.ttlMillis(count);
            return nowMillis - lastCountedMillis >= ttl - Math.min(EXPIRY_MARGIN_MILLIS, ttl / 4);
        }
    }
}
