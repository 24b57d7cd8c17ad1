package dev.erroralert.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.ErrorEvent;

/**
 * The only part of the pipeline that callers touch, and lock-free: a bounded queue to the dispatcher. When it is
 * full, the occurrence is counted against its exception type and capture site instead — with the latest such
 * occurrence kept as the example to fingerprint — so a storm costs a counter increment, not memory, and nothing is
 * dropped. Overflow entries that stay idle for a drain are retired, so an old example never stands for a new
 * problem for long.
 */
final class HandOff {

    /** How many (type, site) pairs may overflow at once; beyond it occurrences are counted unattributed. */
    static final int MAX_OVERFLOW_KEYS = 1_024;

    private final int capacity;
    private final ConcurrentLinkedQueue<ErrorEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Map<OverflowKey, Overflow> overflow = new ConcurrentHashMap<>();
    private final LongAdder overflowed = new LongAdder();
    private final LongAdder unattributed = new LongAdder();

    HandOff(int capacity) {
        this.capacity = capacity;
    }

    /** Called on the caller's thread: never blocks, never takes a lock. */
    void offer(ErrorEvent event) {
        if (size.incrementAndGet() <= capacity) {
            queue.offer(event);
            return;
        }
        size.decrementAndGet();
        overflowed.increment();
        OverflowKey key = new OverflowKey(event.error().getClass(), event.site());
        while (true) {
            Overflow counted = overflow.get(key);
            if (counted == null) {
                if (overflow.size() >= MAX_OVERFLOW_KEYS) {
                    unattributed.increment();
                    return;
                }
                counted = overflow.putIfAbsent(key, new Overflow(event));
                if (counted == null) {
                    return;
                }
            }
            if (counted.add(event)) {
                return;
            }
            // That entry was just retired by the dispatcher; the next round finds it gone and starts a new one.
        }
    }

    /** Move up to {@code max} queued occurrences into {@code batch}; returns how many. */
    int drainTo(List<ErrorEvent> batch, int max) {
        int taken = 0;
        ErrorEvent event;
        while (taken < max && (event = queue.poll()) != null) {
            batch.add(event);
            taken++;
        }
        size.addAndGet(-taken);
        return taken;
    }

    /** Hand each overflow count since the last call, with its latest example, to {@code consumer}. */
    void drainOverflow(OverflowConsumer consumer) {
        if (overflow.isEmpty()) {
            return;
        }
        overflow.forEach((key, counted) -> {
            long count = counted.take();
            if (count > 0) {
                consumer.accept(counted.latest, count);
            }
            else if (counted.retireIfIdle()) {
                overflow.remove(key, counted);
            }
        });
    }

    long overflowed() {
        return overflowed.sum();
    }

    long unattributed() {
        return unattributed.sum();
    }

    /** Receives the occurrences counted in overflow since the last drain. */
    @FunctionalInterface
    interface OverflowConsumer {
        void accept(ErrorEvent example, long count);
    }

    private record OverflowKey(Class<?> type, CaptureSite site) {
    }

    /**
     * A count that callers add to and the dispatcher takes, exactly: a retired entry holds -1, which no caller can
     * add to, so no increment can land on an entry after the dispatcher let go of it.
     */
    private static final class Overflow {

        private static final long RETIRED = -1;

        final AtomicLong count = new AtomicLong(1);
        volatile ErrorEvent latest;

        Overflow(ErrorEvent first) {
            this.latest = first;
        }

        boolean add(ErrorEvent event) {
            long current;
            do {
                current = count.get();
                if (current == RETIRED) {
                    return false;
                }
            }
            while (!count.compareAndSet(current, current + 1));
            latest = event;
            return true;
        }

        long take() {
            return count.getAndUpdate(current -> current == RETIRED ? RETIRED : 0);
        }

        boolean retireIfIdle() {
            return count.compareAndSet(0, RETIRED);
        }
    }
}
