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
import org.slf4j.LoggerFactory;


import static org.assertj.core.api.Assertions.assertThat;
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

    /**
     * What a master failover must leave true on any topology: the in-memory guard decided while no master answered,
     * the occurrences replicated before it survived, every step on the new master saw a count-before of its own and
     * none counted twice. What asynchronous replication dropped is logged, not asserted: it is not guaranteed.
     */
    static void assertFailoverKeptTheCounts(String topology, List<Step> steps, long seeded, long stoppingNanos,
            long stoppedNanos, Tally firstOnTheNewMaster, Tally last) {
        assertThat(steps).as("occurrences decided by the in-memory guard while no master answered")
                .anyMatch((step) -> step.tally().countedBy().equals("memory"));
        List<Long> onTheOldMaster = steps.stream()
                .filter((step) -> step.countedByRedis() && step.startedNanos() < stoppingNanos)
                .map((step) -> step.tally().previousCount()).toList();
        List<Long> onTheNewMaster = steps.stream()
                .filter((step) -> step.countedByRedis() && step.startedNanos() > stoppedNanos)
                .map((step) -> step.tally().previousCount()).toList();
        assertThat(onTheOldMaster).doesNotHaveDuplicates();
        assertThat(firstOnTheNewMaster.previousCount()).as("the replicated occurrences survived")
                .isGreaterThanOrEqualTo(seeded);
        assertThat(onTheNewMaster).as("counts before, each step its own, none new").doesNotHaveDuplicates()
                .allSatisfy((previous) -> assertThat(previous).isGreaterThanOrEqualTo(seeded))
                .doesNotContain(firstOnTheNewMaster.previousCount());
        assertThat(last.previousCount())
                .as("every step on the new master counted, none twice")
                .isGreaterThanOrEqualTo(seeded + 1L + onTheNewMaster.size())
                .isLessThanOrEqualTo(seeded + 1L + steps.size());
        LoggerFactory.getLogger(DecisionBurst.class).info("{} failover: {} steps, {} on the old master, {} on the new "
                + "one, {} by the guard; {} acknowledged by the old master were not replicated", topology, steps.size(),
                onTheOldMaster.size(), onTheNewMaster.size(),
                steps.stream().filter((step) -> !step.countedByRedis()).count(),
                lost(onTheOldMaster, firstOnTheNewMaster, onTheNewMaster, seeded));
    }

    // The old master's highest count against the new master's lowest: what asynchronous replication dropped.
    private static long lost(List<Long> onTheOldMaster, Tally firstOnTheNewMaster, List<Long> onTheNewMaster,
            long seeded) {
        long oldCount = onTheOldMaster.stream().mapToLong((previous) -> previous + 1).max().orElse(seeded);
        long newStart = onTheNewMaster.stream().mapToLong(Long::longValue)
                .min().orElse(firstOnTheNewMaster.previousCount());
        return Math.max(0, oldCount - Math.min(newStart, firstOnTheNewMaster.previousCount()));
    }
}
