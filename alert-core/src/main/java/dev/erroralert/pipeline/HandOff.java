package dev.erroralert.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.LongAdder;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.ErrorEvent;
import dev.erroralert.fingerprint.Fingerprint;
import org.jspecify.annotations.Nullable;

/**
 * The only part of the pipeline that callers touch, and lock-free: a bounded queue to the dispatcher. When it is
 * full, the occurrence is counted instead of queued, so a storm costs a counter increment, not memory, and nothing is
 * dropped:
 * <ol>
 * <li>per exception type, capture site and message — what tells apart the errors of one site, so that each count is
 *     attributed to its own error when the dispatcher fingerprints the entry's example (the caller only reads the
 *     message field; the costly reading of frames and causes stays off its thread);</li>
 * <li>beyond {@link #MAX_ERROR_KEYS} such entries, per exception type and site, attributed to the latest example
 *     (exact only when they all are one error);</li>
 * <li>beyond {@link #MAX_SITE_KEYS} of those too, unattributed.</li>
 * </ol>
 * Occurrences that share type, site and message but not their causes or in-app frames are counted as one error,
 * the latest example's. Entries that stay idle for a drain are retired, so an old example never stands for a new
 * problem for long.
 */
final class HandOff {

    /** How many (type, site, message) entries may overflow at once; beyond it, counts go per type and site. */
    static final int MAX_ERROR_KEYS = 4_096;
    /** How many (type, site) entries may overflow at once; beyond it occurrences are counted unattributed. */
    static final int MAX_SITE_KEYS = 1_024;

    private final int capacity;
    private final ConcurrentLinkedQueue<ErrorEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Map<ErrorKey, Overflow> byError = new ConcurrentHashMap<>();
    private final Map<SiteKey, Overflow> bySite = new ConcurrentHashMap<>();
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
        Class<?> type = event.error().getClass();
        String message;
        try {
            message = event.error().getMessage();
        }
        catch (Throwable ex) {
            // A message that cannot be read does not tell errors apart: the site's count takes the occurrence.
            countIn(bySite, MAX_SITE_KEYS, new SiteKey(type, event.site()), event, false);
            return;
        }
        if (!countIn(byError, MAX_ERROR_KEYS, new ErrorKey(type, event.site(), message), event, true)
                && !countIn(bySite, MAX_SITE_KEYS, new SiteKey(type, event.site()), event, false)) {
            unattributed.increment();
        }
    }

    /** Count {@code event} against {@code key}; false when the key is new and {@code counts} holds its maximum. */
    private static <K> boolean countIn(Map<K, Overflow> counts, int maxKeys, K key, ErrorEvent event,
            boolean oneError) {
        while (true) {
            Overflow counted = counts.get(key);
            if (counted == null) {
                if (counts.size() >= maxKeys) {
                    return false;
                }
                counted = counts.putIfAbsent(key, new Overflow(event, oneError));
                if (counted == null) {
                    return true;
                }
            }
            if (counted.add(event)) {
                return true;
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

    /** Hand each overflow count since the last call, with its entry, to {@code consumer}; retire idle entries. */
    void drainOverflow(OverflowConsumer consumer) {
        drain(byError, consumer);
        drain(bySite, consumer);
    }

    private static <K> void drain(Map<K, Overflow> counts, OverflowConsumer consumer) {
        if (counts.isEmpty()) {
            return;
        }
        counts.forEach((key, counted) -> {
            long count = counted.take();
            if (count > 0) {
                consumer.accept(counted, count);
            }
            else if (counted.retireIfIdle()) {
                counts.remove(key, counted);
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
        void accept(Overflow counted, long count);
    }

    private record ErrorKey(Class<?> type, CaptureSite site, @Nullable String message) {
    }

    private record SiteKey(Class<?> type, CaptureSite site) {
    }

    /**
     * A count that callers add to and the dispatcher takes, exactly: a retired entry holds -1, which no caller can
     * add to, so no increment can land on an entry after the dispatcher let go of it.
     */
    static final class Overflow {

        private static final long RETIRED = -1;
        // A field updated in place rather than an AtomicLong: one allocation fewer on the caller's thread.
        private static final AtomicLongFieldUpdater<Overflow> COUNT =
                AtomicLongFieldUpdater.newUpdater(Overflow.class, "count");

        private volatile long count = 1;
        private volatile ErrorEvent latest;
        private final boolean oneError;
        /**
         * The fingerprint of the error an entry of one error counts, once the dispatcher worked it out: fingerprinted
         * once for the entry's life, not at every drain. Only the dispatcher's thread reads and writes it.
         */
        @Nullable Fingerprint fingerprint;

        Overflow(ErrorEvent first, boolean oneError) {
            this.latest = first;
            this.oneError = oneError;
        }

        /** The latest occurrence counted: the example to fingerprint and to show. */
        ErrorEvent latest() {
            return latest;
        }

        /** Whether every occurrence counted shares type, site and message, so one fingerprint stands for them all. */
        boolean oneError() {
            return oneError;
        }

        boolean add(ErrorEvent event) {
            long current;
            do {
                current = count;
                if (current == RETIRED) {
                    return false;
                }
            }
            while (!COUNT.compareAndSet(this, current, current + 1));
            latest = event;
            return true;
        }

        long take() {
            return COUNT.getAndUpdate(this, current -> current == RETIRED ? RETIRED : 0);
        }

        boolean retireIfIdle() {
            return COUNT.compareAndSet(this, 0, RETIRED);
        }
    }
}
