package dev.erroralert.history;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-back: moves what the stores counted ({@link PendingCounts}: Redis, the direct link's ledger) into the
 * {@link HistoryStore}, exactly once.
 * <p>
 * Each sync claims what every source has pending, applies each batch in one transaction of the history, and then
 * acknowledges it. A failure anywhere leaves the batch claimed; it is taken again at the next sync (by this instance,
 * or by another one once the lease has passed), and since the history records every batch it applied, taking a batch
 * again never counts it twice. Several instances may sync at once: a claim is atomic, so each pending count goes into
 * one batch.
 * <p>
 * Occurrences the JDBC store decided are not written back: that store writes them into the history in the same
 * transaction as it counts them.
 */
public final class WriteBack {

    private static final Logger logger = LoggerFactory.getLogger(WriteBack.class);

    /** How long a batch stays with the instance that claimed it before another instance may take it over. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    private final List<PendingCounts> sources;
    private final HistoryStore history;
    private final Duration lease;
    private final Clock clock;
    private final AtomicLong occurrencesWritten = new AtomicLong();
    private final AtomicLong batchesApplied = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastSuccessMillis;
    private final Map<String, Boolean> failing = new HashMap<>();

    public WriteBack(List<? extends PendingCounts> sources, HistoryStore history, Duration lease, Clock clock) {
        this.sources = List.copyOf(sources);
        this.history = Objects.requireNonNull(history, "history");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("lease must be at least 1 ms, got " + lease);
        }
        this.lastSuccessMillis = clock.millis();
    }

    /**
     * Sync every source now, on the calling thread. Never throws: a source or the history that fails is logged (once
     * per outage) and tried again at the next sync.
     *
     * @return whether everything pending at the start was written back
     */
    public synchronized boolean syncNow() {
        boolean complete = true;
        for (PendingCounts source : sources) {
            complete &= sync(source);
        }
        if (complete) {
            lastSuccessMillis = clock.millis();
        }
        return complete;
    }

    private boolean sync(PendingCounts source) {
        List<PendingBatch> batches;
        try {
            batches = source.claim(clock.millis(), lease);
        }
        catch (RuntimeException ex) {
            failed(source, "claiming from the " + source.name() + " store", ex);
            return false;
        }
        boolean complete = true;
        // A batch that fails does not hold up the others: a database that refuses one batch's row for good would
        // otherwise stop the whole write-back. It stays claimed and is tried again at the next sync.
        for (PendingBatch batch : batches) {
            try {
                if (history.apply(batch.id(), batch.deltas())) {
                    batchesApplied.incrementAndGet();
                    occurrencesWritten.addAndGet(batch.deltas().stream().mapToLong(HistoryDelta::occurrences).sum());
                }
            }
            catch (RuntimeException ex) {
                failed(source, "writing a batch of the " + source.name() + " store into the history", ex);
                complete = false;
                continue;
            }
            try {
                source.acknowledge(batch);
            }
            catch (RuntimeException ex) {
                // Applied but still claimed: taken again later, and then recognised as applied.
                failed(source, "acknowledging a batch to the " + source.name() + " store", ex);
                complete = false;
            }
        }
        if (complete && failing.put(source.name(), Boolean.FALSE) == Boolean.TRUE) {
            logger.info("error-alert: the write-back from the {} store works again", source.name());
        }
        return complete;
    }

    private void failed(PendingCounts source, String what, RuntimeException ex) {
        failures.incrementAndGet();
        if (failing.put(source.name(), Boolean.TRUE) != Boolean.TRUE) {
            logger.warn("error-alert: the write-back failed {} ({}); nothing is lost, it is tried again at the next "
                    + "sync", what, ex.toString());
        }
        else {
            logger.debug("error-alert: the write-back still fails {}", what, ex);
        }
    }

    /** When a sync last wrote back everything it found; the start of this write-back before the first one. */
    public long lastSuccessMillis() {
        return lastSuccessMillis;
    }

    /** How long ago a sync last wrote back everything it found: what the history lags behind, at most. */
    public Duration lag() {
        return Duration.ofMillis(Math.max(0, clock.millis() - lastSuccessMillis));
    }

    /** Occurrences written into the history by this instance. */
    public long occurrencesWritten() {
        return occurrencesWritten.get();
    }

    /** Batches this instance applied to the history. */
    public long batchesApplied() {
        return batchesApplied.get();
    }

    /** Syncs of a source that failed. */
    public long failures() {
        return failures.get();
    }
}
