package dev.erroralert.spring.endpoint;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.HistoryDelta;
import dev.erroralert.history.HistoryEntry;
import dev.erroralert.history.HistoryStore;

/**
 * A history whose rows a test writes as it likes, raw: nothing masks them on the way in, as nothing would if a row
 * were written straight into the database.
 */
public class InMemoryHistoryStore implements HistoryStore {

    private final Map<Fingerprint, HistoryEntry> rows = new ConcurrentHashMap<>();

    private volatile boolean failing;

    /** Keep {@code entry} as it is, replacing the row of its fingerprint. */
    public void put(HistoryEntry entry) {
        rows.put(entry.fingerprint(), entry);
    }

    /** Whether every read fails, as a database that is down. */
    public void setFailing(boolean failing) {
        this.failing = failing;
    }

    @Override
    public boolean apply(String batchId, List<HistoryDelta> deltas) {
        throw new UnsupportedOperationException("the endpoint only reads the history");
    }

    @Override
    public List<HistoryEntry> recent(int limit) {
        checkAvailable();
        return rows.values().stream().sorted(Comparator.comparingLong(HistoryEntry::lastSeenMillis).reversed())
                .limit(limit).toList();
    }

    @Override
    public List<HistoryEntry> top(int limit, long sinceMillis) {
        checkAvailable();
        return rows.values().stream().filter((entry) -> entry.lastSeenMillis() >= sinceMillis)
                .sorted(Comparator.comparingLong(HistoryEntry::totalCount).reversed()).limit(limit).toList();
    }

    @Override
    public Optional<HistoryEntry> find(Fingerprint fingerprint) {
        checkAvailable();
        return Optional.ofNullable(rows.get(fingerprint));
    }

    @Override
    public int purgeOlderThan(long millis) {
        throw new UnsupportedOperationException("the endpoint only reads the history");
    }

    private void checkAvailable() {
        if (failing) {
            throw new IllegalStateException("connection refused: jdbc:postgresql://app:s3cr3t@db/shop");
        }
    }
}
