package dev.erroralert.benchmarks.load;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The heap while something runs: the used heap read every 10 ms and its peak kept, and what the collectors did. Used
 * heap includes garbage not yet collected, so the peak says how high the heap went; what the run retains shows in
 * {@link #retainedBytes()}, the heap after a full collection.
 */
final class HeapSampler implements AutoCloseable {

    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    private final Thread thread;
    private final long collectionsBefore = totalCollections();
    private final long collectionMillisBefore = totalCollectionMillis();
    private volatile boolean running = true;
    private volatile long peakBytes;
    private volatile long samples;

    private HeapSampler() {
        this.thread = new Thread(this::sample, "heap-sampler");
        this.thread.setDaemon(true);
    }

    static HeapSampler start() {
        HeapSampler sampler = new HeapSampler();
        sampler.thread.start();
        return sampler;
    }

    private void sample() {
        while (running) {
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used > peakBytes) {
                peakBytes = used;
            }
            samples++;
            LockSupport.parkNanos(PERIOD_NANOS);
        }
    }

    /** The highest used heap seen so far. */
    long peakBytes() {
        return peakBytes;
    }

    /** How many readings were taken. */
    long samples() {
        return samples;
    }

    /** Collections since the sampler started, all collectors together. */
    long collections() {
        return totalCollections() - collectionsBefore;
    }

    /** Time spent collecting since the sampler started (as the collectors account it). */
    long collectionMillis() {
        return totalCollectionMillis() - collectionMillisBefore;
    }

    private static long totalCollections() {
        long count = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
        }
        return count;
    }

    private static long totalCollectionMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, collector.getCollectionTime());
        }
        return millis;
    }

    /** The used heap after full collections: what is still referenced. */
    static long retainedBytes() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** The heap's maximum size ({@code -Xmx}). */
    static long maxBytes() {
        return memory.getHeapMemoryUsage().getMax();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1_000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
