package dev.erroralert.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import dev.erroralert.benchmarks.load.FailingService.SettlementDeclined;
import org.jspecify.annotations.Nullable;

/**
 * Item 8, the fleet: several booted applications, each with its own pipeline, Redis connection (through a relay of
 * its own) and store instance, against one Redis, idle and then through the storm's 1,000 errors, all instances
 * throwing the same errors. What Redis itself spends ({@code INFO cpu}) per instance, projected linearly to a fleet
 * of 1,000. Two cores cannot throw a million occurrences per instance: each instance throws fewer, which changes
 * little for Redis, since once an error is suppressed its repeats are counted locally and synced at an interval
 * whatever their rate.
 */
final class Fleet {

    private static final int PACING_CHUNK = 16;

    /** The fleet the issue projects to. */
    static final int PROJECTED_INSTANCES = 1_000;

    private final int errors;
    private final long occurrencesPerInstance;
    private final double seconds;
    private final Duration idle;

    Fleet(int errors, long occurrencesPerInstance, double seconds, Duration idle) {
        this.errors = errors;
        this.occurrencesPerInstance = occurrencesPerInstance;
        this.seconds = seconds;
        this.idle = idle;
    }

    FleetResult run(List<LoadApplication.Running> apps, List<CountingRelay> relays, RedisOperator redis,
            double bootSeconds) throws InterruptedException {
        int instances = apps.size();
        String[] merchants = new String[errors];
        for (int i = 0; i < errors; i++) {
            merchants[i] = Words.word(i, 4);
        }
        RedisTraffic idleStart = RedisTraffic.read(redis, relays);
        LockSupport.parkNanos(idle.toNanos());
        RedisTraffic stormStart = RedisTraffic.read(redis, relays);
        long alertsBefore = apps.stream().mapToLong((app) -> app.pipeline().stats().alertsSent()).sum();
        Map<String, Long> judgementsBefore = judgements(apps);

        long started = System.nanoTime();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            FailingService service = apps.get(i).service();
            int offset = i;
            Thread caller = new Thread(() -> throwPaced(service, merchants, offset, started), "fleet-caller-" + i);
            callers.add(caller);
            caller.start();
        }
        // The steady state: everything after the first 2 s, when the new errors have been judged.
        AtomicReference<RedisTraffic> afterTwoSeconds = new AtomicReference<>();
        Thread marker = new Thread(() -> {
            LockSupport.parkNanos(started + TimeUnit.SECONDS.toNanos(2) - System.nanoTime());
            afterTwoSeconds.set(RedisTraffic.read(redis, relays));
        }, "fleet-marker");
        marker.start();
        for (Thread caller : callers) {
            caller.join();
        }
        double callersSeconds = (System.nanoTime() - started) / 1e9;
        boolean judged = true;
        for (LoadApplication.Running app : apps) {
            judged &= app.awaitJudged(Duration.ofMinutes(2));
        }
        RedisTraffic stormEnd = RedisTraffic.read(redis, relays);
        marker.join();
        long alerts = apps.stream().mapToLong((app) -> app.pipeline().stats().alertsSent()).sum() - alertsBefore;
        Map<String, Long> judgementsByStore = Counts.since(judgementsBefore, judgements(apps));

        RedisTraffic.Window idleWindow = idleStart.until(stormStart, instances);
        RedisTraffic.Window storm = stormStart.until(stormEnd, instances);
        RedisTraffic.Window steady = afterTwoSeconds.get() == null ? null
                : afterTwoSeconds.get().until(stormEnd, instances);
        return new FleetResult(instances, errors, occurrencesPerInstance, seconds, round(callersSeconds), judged,
                alerts, judgementsByStore, round(bootSeconds), idleWindow, storm, steady,
                // Linear: what one instance costs Redis, times the fleet.
                round(idleWindow.redisCoresPerInstance() * PROJECTED_INSTANCES),
                round(storm.redisCoresPerInstance() * PROJECTED_INSTANCES),
                steady == null ? null : round(steady.redisCoresPerInstance() * PROJECTED_INSTANCES));
    }

    /** Judgements so far by the store that decided, summed over the fleet. */
    private static Map<String, Long> judgements(List<LoadApplication.Running> apps) {
        Map<String, Long> sum = new TreeMap<>();
        apps.forEach((app) -> app.judgements().judgements().forEach((store, count) -> sum.merge(store, count,
                Long::sum)));
        return sum;
    }

    /** One instance's caller: every error in turn, starting at its own offset, paced to the storm's length. */
    private void throwPaced(FailingService service, String[] merchants, int offset, long started) {
        long nanosPerOccurrence = (long) (seconds * 1e9 / occurrencesPerInstance);
        for (long k = 0; k < occurrencesPerInstance; k++) {
            try {
                service.settle(merchants[(int) ((k + offset) % merchants.length)]);
            }
            catch (SettlementDeclined expected) {
                // judged in the background
            }
            if ((k + 1) % PACING_CHUNK == 0) {
                long ahead = started + (k + 1) * nanosPerOccurrence - System.nanoTime();
                if (ahead > 0) {
                    LockSupport.parkNanos(ahead);
                }
            }
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /**
     * The fleet's figures.
     *
     * @param instances applications booted, each its own pipeline, Redis connection and store instance
     * @param errors distinct errors, the same in every instance
     * @param occurrencesPerInstance occurrences each instance threw
     * @param targetSeconds how long throwing them should take
     * @param callersSeconds how long it took the slowest instance
     * @param allJudged whether every instance judged all it captured
     * @param alertsSent alerts the fleet handed to delivery
     * @param judgements the fleet's judgements by the store that decided: any but Redis means an instance found
     *     Redis too slow (its command timeout) and fell to the database, which spares Redis and flatters its CPU
     * @param bootSeconds how long booting the fleet took
     * @param idle the fleet's traffic while idle (housekeeping only)
     * @param storm from the first throw until every instance had judged all
     * @param afterTwoSeconds the same window without its first 2 s (null if it was shorter)
     * @param projectedIdleCores Redis cores a fleet of 1,000 would keep busy while idle: idle cores per instance ×
     *     1,000
     * @param projectedStormCores the same for the storm (the target: less than one)
     * @param projectedSteadyCores the same for the storm after its first 2 s
     */
    record FleetResult(int instances, int errors, long occurrencesPerInstance, double targetSeconds,
            double callersSeconds, boolean allJudged, long alertsSent, Map<String, Long> judgements,
            double bootSeconds, RedisTraffic.Window idle,
            RedisTraffic.Window storm, RedisTraffic.@Nullable Window afterTwoSeconds, double projectedIdleCores,
            double projectedStormCores, @Nullable Double projectedSteadyCores) {
    }
}
