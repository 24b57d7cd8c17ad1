package dev.erroralert.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.CountDelta;
import dev.erroralert.store.DedupStore;
import dev.erroralert.store.InMemoryDedupStore;
import org.jspecify.annotations.Nullable;

/**
 * A shared store standing in for Redis or the database in the pipeline's tests: records kept in memory, tallies
 * counted by its own name, and it can be set down (an outage) or lose its records (a restart without persistence).
 * It counts the questions it is asked, so a test can see a skipped store cost nothing.
 */
public final class SwitchableDedupStore implements DedupStore {

    private final String name;

    private volatile InMemoryDedupStore records = new InMemoryDedupStore();

    private volatile boolean down;

    /** How many single records it was asked for, answered or failed. */
    public final AtomicInteger calls = new AtomicInteger();

    /** The size of each batch it was sent at once ({@link #recordAll}), in order. */
    public final List<Integer> batches = new CopyOnWriteArrayList<>();

    public SwitchableDedupStore(String name) {
        this.name = name;
    }

    /** From now on, every call fails as a store that cannot be reached. */
    public void goDown() {
        down = true;
    }

    /** From now on, calls work again. */
    public void comeBack() {
        down = false;
    }

    /** Forget every record, as a Redis restarted without persistence does. */
    public void restartEmpty() {
        records = new InMemoryDedupStore();
    }

    /** The live count of {@code fingerprint}, 0 when the store holds no record of it. */
    public long totalOf(Fingerprint fingerprint) {
        return records.liveCount(fingerprint, System.currentTimeMillis()).orElse(0);
    }

    /** How many fingerprints the store holds records of. */
    public int recordsHeld() {
        return records.size();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
            @Nullable ErrorDetails details) {
        calls.incrementAndGet();
        failIfDown();
        Tally tally = records.record(fingerprint, delta, nowMillis, windows);
        return new Tally(tally.previousCount(), tally.count(), tally.firstSeenMillis(), name);
    }

    @Override
    public List<Tally> recordAll(List<CountDelta> deltas, long nowMillis, DedupWindows windows) {
        batches.add(deltas.size());
        return DedupStore.super.recordAll(deltas, nowMillis, windows);
    }

    @Override
    public void probe() {
        failIfDown();
    }

    private void failIfDown() {
        if (down) {
            throw new IllegalStateException("the " + name + " store is down");
        }
    }
}
