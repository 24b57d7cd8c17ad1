package dev.erroralert.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.ErrorEvent;

/**
 * The only part of the pipeline that callers touch. A bounded queue to the dispatcher; when it is full, the
 * occurrence is counted against its exception type and site (keeping the first such occurrence as the example
 * to fingerprint), so a storm costs a counter increment instead of memory, and nothing is dropped.
 * No lock here is ever held while doing I/O: the dispatcher only takes from the queue between its own I/O.
 */
final class HandOff {

    /** How many distinct (type, site) pairs the overflow tracks; beyond it occurrences are counted unattributed. */
    static final int MAX_OVERFLOW_KEYS = 1_024;

    private final ArrayBlockingQueue<ErrorEvent> queue;
    private final Map<OverflowKey, Overflow> overflow = new ConcurrentHashMap<>();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong unattributed = new AtomicLong();

    HandOff(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Called on the caller's thread: never blocks, never allocates beyond the queue slot once warm. */
    void offer(ErrorEvent event) {
        if (queue.offer(event)) {
            return;
        }
        overflowed.incrementAndGet();
        OverflowKey key = new OverflowKey(event.error().getClass(), event.site());
        Overflow counted = overflow.get(key);
        if (counted == null) {
            if (overflow.size() >= MAX_OVERFLOW_KEYS) {
                unattributed.incrementAndGet();
                return;
            }
            counted = overflow.computeIfAbsent(key, k -> new Overflow(event));
        }
        counted.count.incrementAndGet();
    }

    int drainTo(List<ErrorEvent> batch, int max) {
        return queue.drainTo(batch, max);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Hand each overflow count since the last call, with its example occurrence, to {@code consumer}. */
    void drainOverflow(OverflowConsumer consumer) {
        if (overflow.isEmpty()) {
            return;
        }
        for (Overflow counted : overflow.values()) {
            // getAndSet is exact under concurrent increments: each one lands before or after, never in between.
            long count = counted.count.getAndSet(0);
            if (count > 0) {
                consumer.accept(counted.example, count);
            }
        }
    }

    long overflowed() {
        return overflowed.get();
    }

    long unattributed() {
        return unattributed.get();
    }

    /** Receives the occurrences counted in overflow since the last drain. */
    @FunctionalInterface
    interface OverflowConsumer {
        void accept(ErrorEvent example, long count);
    }

    private record OverflowKey(Class<?> type, CaptureSite site) {
    }

    /** Entries are never removed, so an increment can never land on an entry the dispatcher let go of. */
    private static final class Overflow {
        final ErrorEvent example;
        final AtomicLong count = new AtomicLong();

        Overflow(ErrorEvent example) {
            this.example = example;
        }
    }
}
