package dev.erroralert.store;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;

/**
 * Per-instance deduplication state, the guard of the direct link when every shared store is down.
 * Bounded: past {@code maxEntries} the expired records go first, then the least recently counted.
 */
public final class InMemoryDedupStore implements DedupStore {

    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final int maxEntries;
    private final LinkedHashMap<Fingerprint, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

    public InMemoryDedupStore() {
        this(DEFAULT_MAX_ENTRIES);
    }

    public InMemoryDedupStore(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public synchronized Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows) {
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
    public synchronized java.util.OptionalLong liveCount(Fingerprint fingerprint, long nowMillis) {
        Entry entry = entries.get(fingerprint);
        return entry == null || entry.expiresAtMillis <= nowMillis ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(entry.count);
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

    private static final class Entry {
        final long firstSeenMillis;
        long count;
        long expiresAtMillis;

        Entry(long firstSeenMillis) {
            this.firstSeenMillis = firstSeenMillis;
        }
    }
}
