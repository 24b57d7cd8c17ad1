package dev.erroralert.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.InMemoryDedupStore;

/**
 * Occurrences of one fingerprint decided by several threads at once, one at a time each, through the chain an
 * application has (the Redis store, then the direct link's in-memory guard), until {@link #stop() stopped}: what an
 * application does while its Redis fails over.
 */
final class DecisionBurst {

    // Short, so the chain probes Redis again soon after the failover; the application's default is 10 s.
    private static final Duration COOL_DOWN = Duration.ofMillis(100);

    private final DecisionChain chain;
    private final Fingerprint fingerprint;
    private final Queue<Step> steps = new ConcurrentLinkedQueue<>();
    private final ExecutorService pool;
    private final List<Future<?>> threads = new ArrayList<>();
    private volatile boolean running = true;

    private DecisionBurst(RedisDedupStore store, Fingerprint fingerprint, int threadCount) {
        this.chain = new DecisionChain(List.of(store), SeedAlertPolicy.ofDefaults(), new InMemoryDedupStore(),
                COOL_DOWN);
        this.fingerprint = fingerprint;
        this.pool = Executors.newFixedThreadPool(threadCount);
        for (int i = 0; i < threadCount; i++) {
            threads.add(pool.submit(this::decideUntilStopped));
        }
    }

    /** Start {@code threadCount} threads deciding occurrences of {@code fingerprint}. */
    static DecisionBurst start(RedisDedupStore store, Fingerprint fingerprint, int threadCount) {
        return new DecisionBurst(store, fingerprint, threadCount);
    }

    private Void decideUntilStopped() throws InterruptedException {
        while (running) {
            long started = System.nanoTime();
            Decision decision = chain.decide(fingerprint, 1, System.currentTimeMillis());
            steps.add(new Step(started, decision.tally()));
            // An error storm is not a busy loop; it also keeps the steps of a few seconds few enough to keep.
            Thread.sleep(1);
        }
        return null;
    }

    /** How many steps Redis counted that started after {@code nanos} (a {@link System#nanoTime()} reading). */
    long countedByRedisSince(long nanos) {
        return steps.stream().filter((step) -> step.countedByRedis() && step.startedNanos() > nanos).count();
    }

    /** Stop every thread and return every step, in no particular order; a step that threw fails here. */
    List<Step> stop() throws Exception {
        running = false;
        try {
            for (Future<?> thread : threads) {
                thread.get(10, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        return List.copyOf(steps);
    }

    /** One decided occurrence: when it started and who counted it. */
    record Step(long startedNanos, Tally tally) {

        boolean countedByRedis() {
            return tally.countedBy().equals("redis");
        }
    }
}
