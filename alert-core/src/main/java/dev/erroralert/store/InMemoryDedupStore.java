package dev.erroralert.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.HistoryDelta;
import dev.erroralert.history.PendingBatch;
import dev.erroralert.history.PendingCounts;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-instance deduplication state, the guard of the direct link when every shared store is down.
 * Bounded: past {@code maxEntries} the expired records go first, then the least recently counted.
 * <p>
 * With a write-back it is also the ledger of what it decided, as {@link PendingCounts}: the occurrences counted here
 * while every shared store was down reach the history once a store is back. The ledger holds at most
 * {@code maxEntries} fingerprints; occurrences of further ones are logged as not written back. It lives in this
 * instance's memory: what it holds when the instance dies is lost.
 */
public final class InMemoryDedupStore implements DedupStore, PendingCounts {

    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private static final Logger logger = LoggerFactory.getLogger(InMemoryDedupStore.class);

    private final int maxEntries;
    private final boolean writeBack;
    private final LinkedHashMap<Fingerprint, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final String batchOwner = "memory." + UUID.randomUUID().toString().replace("-", "") + ".";
    private Map<Fingerprint, Pending> pending = new HashMap<>();
    // Claimed and not yet acknowledged, by id: offered again at every claim until acknowledged.
    private final Map<String, PendingBatch> claimed = new LinkedHashMap<>();
    private long batchSequence;
    private long notWrittenBack;

    public InMemoryDedupStore() {
        this(DEFAULT_MAX_ENTRIES);
    }

    public InMemoryDedupStore(int maxEntries) {
        this(maxEntries, false);
    }

    /**
     * @param maxEntries the most fingerprints held, in the guard and in the ledger each
     * @param writeBack whether to keep a ledger of what was counted, for the history's write-back
     */
    public InMemoryDedupStore(int maxEntries, boolean writeBack) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.writeBack = writeBack;
    }

    @Override
    public String name() {
        return "memory";
    }

    // The count alone; record adds the write-back's ledger.
    private Tally count(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows) {
        requirePositive(delta);
        Entry entry = entries.get(fingerprint);
        long previous;
        if (entry == null || entry.expiresAtMillis <= nowMillis) {
            previous = 0;
            entry = new Entry(nowMillis);
            makeRoom(nowMillis);
            entries.put(fingerprint, entry);
        }
        else {
            previous = entry.count;
        }
        entry.count = previous + delta;
        entry.expiresAtMillis = nowMillis + windows.ttlMillis(entry.count);
        return new Tally(previous, entry.count, entry.firstSeenMillis, name());
    }

    @Override
    public synchronized Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
            @Nullable ErrorDetails details) {
        Tally tally = count(fingerprint, delta, nowMillis, windows);
        Pending ledger = ledgerOf(fingerprint, nowMillis, details, delta);
        if (ledger != null) {
            ledger.occurrences += delta;
        }
        return tally;
    }

    @Override
    public synchronized void recordAlerted(Fingerprint fingerprint, Tally tally, long nowMillis) {
        Pending ledger = ledgerOf(fingerprint, nowMillis, null, 0);
        if (ledger != null) {
            ledger.alertsSent++;
            ledger.alertedOccurrences += tally.delta();
        }
    }

    private @Nullable Pending ledgerOf(Fingerprint fingerprint, long nowMillis, @Nullable ErrorDetails details,
            long occurrences) {
        if (!writeBack) {
            return null;
        }
        Pending ledger = pending.get(fingerprint);
        if (ledger == null) {
            if (pending.size() >= maxEntries) {
                if (notWrittenBack == 0) {
                    logger.warn("error-alert: more than {} errors counted while every store was down; occurrences of "
                            + "further ones are not written back to the history", maxEntries);
                }
                notWrittenBack += occurrences;
                return null;
            }
            ledger = new Pending(nowMillis);
            pending.put(fingerprint, ledger);
        }
        ledger.lastSeenMillis = Math.max(ledger.lastSeenMillis, nowMillis);
        if (ledger.details == null) {
            ledger.details = details;
        }
        return ledger;
    }

    @Override
    public synchronized List<PendingBatch> claim(long nowMillis, Duration lease) {
        // While a batch waits to be applied, new counts keep merging into the pending ledger rather than into one
        // more batch: a long database outage then holds one entry per error, not one per error and sync.
        if (claimed.isEmpty() && !pending.isEmpty()) {
            List<HistoryDelta> deltas = new ArrayList<>(pending.size());
            pending.forEach((fingerprint, ledger) -> deltas.add(new HistoryDelta(fingerprint, ledger.occurrences,
                    ledger.alertsSent, ledger.alertedOccurrences, ledger.firstSeenMillis, ledger.lastSeenMillis,
                    ledger.details)));
            String id = batchOwner + (++batchSequence);
            claimed.put(id, new PendingBatch(id, deltas));
            pending = new HashMap<>();
        }
        return List.copyOf(claimed.values());
    }

    @Override
    public synchronized void acknowledge(PendingBatch batch) {
        claimed.remove(batch.id());
    }

    /** Occurrences counted here that the ledger had no room for, so never written back. */
    public synchronized long notWrittenBack() {
        return notWrittenBack;
    }

    @Override
    public synchronized OptionalLong liveCount(Fingerprint fingerprint, long nowMillis) {
        Entry entry = entries.get(fingerprint);
        return entry == null || entry.expiresAtMillis <= nowMillis ? OptionalLong.empty()
                : OptionalLong.of(entry.count);
    }

    /** The number of records held, live or not yet purged. */
    public synchronized int size() {
        return entries.size();
    }

    private void makeRoom(long nowMillis) {
        if (entries.size() < maxEntries) {
            return;
        }
        entries.values().removeIf(e -> e.expiresAtMillis <= nowMillis);
        Iterator<Map.Entry<Fingerprint, Entry>> eldestFirst = entries.entrySet().iterator();
        while (entries.size() >= maxEntries && eldestFirst.hasNext()) {
            eldestFirst.next();
            eldestFirst.remove();
        }
    }

    static void requirePositive(long delta) {
        if (delta < 1) {
            throw new IllegalArgumentException("delta must be at least 1, got " + delta);
        }
    }

    private static final class Pending {
        final long firstSeenMillis;
        long lastSeenMillis;
        long occurrences;
        long alertsSent;
        long alertedOccurrences;
        @Nullable ErrorDetails details;

        Pending(long firstSeenMillis) {
            this.firstSeenMillis = firstSeenMillis;
            this.lastSeenMillis = firstSeenMillis;
        }
    }

    private static final class Entry {
        final long firstSeenMillis;
        long count;
        long expiresAtMillis;

        Entry(long firstSeenMillis) {
            this.firstSeenMillis = firstSeenMillis;
        }
    }
}
