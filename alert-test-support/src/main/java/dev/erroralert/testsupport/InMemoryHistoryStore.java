package dev.erroralert.testsupport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.HistoryDelta;
import dev.erroralert.history.HistoryEntry;
import dev.erroralert.history.HistoryStore;

/**
 * A history in memory for tests, applying batches exactly once like the JDBC one. It can be told to fail the next
 * applies, half-way, as a database would (nothing of a failed batch stays), or to fail every call, as a database that
 * is down; and a test can write rows as it likes, raw: nothing masks them on the way in, as nothing would if a row
 * were written straight into the database.
 */
public final class InMemoryHistoryStore implements HistoryStore {

    private final Map<Fingerprint, HistoryEntry> rows = new LinkedHashMap<>();
    private final Map<Fingerprint, Long> alertedOccurrences = new HashMap<>();
    // The batches applied, by id, with when: a purge forgets those applied before its limit, as the JDBC one does.
    private final Map<String, Long> applied = new HashMap<>();
    private final AtomicInteger failuresToCome = new AtomicInteger();
    private volatile boolean failing;

    /** Make the next {@code count} calls of {@link #apply} fail after writing part of their batch. */
    public void failNext(int count) {
        failuresToCome.set(count);
    }

    /** Whether every call fails, as a database that is down. */
    public void setFailing(boolean failing) {
        this.failing = failing;
    }

    /** Keep {@code entry} as it is, replacing the row of its fingerprint. */
    public synchronized void put(HistoryEntry entry) {
        rows.put(entry.fingerprint(), entry);
        alertedOccurrences.put(entry.fingerprint(), entry.totalCount() - entry.suppressedCount());
    }

    @Override
    public synchronized boolean apply(String batchId, List<HistoryDelta> deltas) {
        checkAvailable();
        if (batchId.isEmpty() || batchId.length() > 100) {
            throw new IllegalArgumentException("A batch id is 1 to 100 characters, got " + batchId.length());
        }
        if (applied.containsKey(batchId)) {
            return false;
        }
        Map<Fingerprint, HistoryEntry> before = new LinkedHashMap<>(rows);
        Map<Fingerprint, Long> alertedBefore = new HashMap<>(alertedOccurrences);
        int written = 0;
        for (HistoryDelta delta : deltas) {
            if (written == deltas.size() / 2 && failuresToCome.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
                rows.clear();
                rows.putAll(before);
                alertedOccurrences.clear();
                alertedOccurrences.putAll(alertedBefore);
                throw new IllegalStateException("The history failed half-way (simulated)");
            }
            add(delta);
            written++;
        }
        applied.put(batchId, System.currentTimeMillis());
        return true;
    }

    private void add(HistoryDelta delta) {
        HistoryEntry row = rows.get(delta.fingerprint());
        if (row == null) {
            row = new HistoryEntry(delta.fingerprint(), delta.details(), delta.firstSeenMillis(),
                    delta.lastSeenMillis(), 0, 0, 0);
        }
        long total = row.totalCount() + delta.occurrences();
        // Kept apart from the row, as the database keeps it: alerts may cover more than the occurrences yet applied.
        long alerted = alertedOccurrences.merge(delta.fingerprint(), delta.alertedOccurrences(), Long::sum);
        rows.put(delta.fingerprint(), new HistoryEntry(delta.fingerprint(),
                row.details() != null ? row.details() : delta.details(),
                Math.min(row.firstSeenMillis(), delta.firstSeenMillis()),
                Math.max(row.lastSeenMillis(), delta.lastSeenMillis()), total, row.alertsSent() + delta.alertsSent(),
                Math.max(0, total - alerted)));
    }

    @Override
    public synchronized List<HistoryEntry> recent(int limit) {
        checkAvailable();
        return rows.values().stream().sorted(Comparator.comparingLong(HistoryEntry::lastSeenMillis).reversed())
                .limit(limit).toList();
    }

    @Override
    public synchronized List<HistoryEntry> top(int limit, long sinceMillis) {
        checkAvailable();
        return rows.values().stream().filter((row) -> row.lastSeenMillis() >= sinceMillis)
                .sorted(Comparator.comparingLong(HistoryEntry::totalCount).reversed()).limit(limit).toList();
    }

    @Override
    public synchronized Optional<HistoryEntry> find(Fingerprint fingerprint) {
        checkAvailable();
        return Optional.ofNullable(rows.get(fingerprint));
    }

    @Override
    public synchronized int purgeOlderThan(long millis) {
        checkAvailable();
        List<Fingerprint> old = new ArrayList<>();
        rows.forEach((fingerprint, row) -> {
            if (row.lastSeenMillis() < millis) {
                old.add(fingerprint);
            }
        });
        old.forEach(rows::remove);
        old.forEach(alertedOccurrences::remove);
        applied.values().removeIf((appliedAt) -> appliedAt < millis);
        return old.size();
    }

    /** The total of {@code fingerprint}, 0 when it has no row. */
    public synchronized long totalOf(Fingerprint fingerprint) {
        HistoryEntry row = rows.get(fingerprint);
        return row == null ? 0 : row.totalCount();
    }

    private void checkAvailable() {
        if (failing) {
            throw new IllegalStateException("connection refused: jdbc:postgresql://app:s3cr3t@db/shop");
        }
    }
}
