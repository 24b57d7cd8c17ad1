package dev.erroralert.benchmarks.load;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.erroralert.benchmarks.load.FailingService.LedgerMismatch;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import org.jspecify.annotations.Nullable;

/**
 * Item 5, what a dying Redis costs the decider: the decision time of the first new error after Redis went away
 * (bounded by the command timeout when Redis hangs, once, since the circuit then opens) and of the errors after it
 * (the circuit is open: the chain skips Redis without waiting). Timed at the decider, by the observer, not on the
 * caller's thread, which never waits for a store.
 */
final class Fallback {

    private static final Duration SPACING = Duration.ofMillis(20);

    private final LoadApplication.Running app;
    private final int following;
    private int next;

    Fallback(LoadApplication.Running app, int following) {
        this.app = app;
        this.following = following;
    }

    /**
     * Redis hangs: every client is paused ({@code CLIENT PAUSE}) for {@code pause}, then the errors are thrown; once
     * the pause has ended, new errors keep coming until Redis decides again (its circuit's cool-down).
     */
    FallbackResult whenRedisHangs(RedisOperator redis, Duration pause, Duration commandTimeout) {
        JudgementLog log = app.judgements();
        log.record(LedgerMismatch.class);
        long paused = System.nanoTime();
        redis.pauseClients(pause);
        List<JudgementLog.Entry> entries = throwAndCollect(log);
        // Back: the pause ends by itself; the chain asks Redis again after its cool-down.
        LockSupport.parkNanos(Math.max(0, paused + pause.toNanos() - System.nanoTime()));
        log.record(LedgerMismatch.class);
        @Nullable Double backAfter = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - deadline < 0) {
            throwOne();
            app.awaitJudged(Duration.ofSeconds(5));
            if (log.entries().stream().anyMatch((entry) -> "redis".equals(entry.store()))) {
                backAfter = Latency.millis(System.nanoTime() - paused);
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        return result("redis hung (CLIENT PAUSE " + pause.toMillis() + " ms)", commandTimeout, entries, backAfter);
    }

    /** Redis dies: the server process is stopped (every connection drops), then the errors are thrown. */
    FallbackResult whenRedisStops(EmbeddedRedisServer redis, Duration commandTimeout) {
        JudgementLog log = app.judgements();
        log.record(LedgerMismatch.class);
        redis.stop();
        List<JudgementLog.Entry> entries = throwAndCollect(log);
        return result("redis stopped", commandTimeout, entries, null);
    }

    /** The first error, then the following ones, spaced apart; their judgements once all were judged. */
    private List<JudgementLog.Entry> throwAndCollect(JudgementLog log) {
        for (int i = 0; i <= following; i++) {
            throwOne();
            LockSupport.parkNanos(SPACING.toNanos());
        }
        app.awaitJudged(Duration.ofSeconds(30));
        return log.entries();
    }

    private void throwOne() {
        try {
            app.service().reconcile("l" + Words.word(next++, 4));
        }
        catch (LedgerMismatch expected) {
            // Judged on the decider thread: timed there.
        }
    }

    private static FallbackResult result(String scenario, Duration commandTimeout, List<JudgementLog.Entry> entries,
            @Nullable Double backAfter) {
        if (entries.isEmpty()) {
            return new FallbackResult(scenario, commandTimeout.toMillis(), null, null, 0, null, null, null, Map.of(),
                    backAfter);
        }
        JudgementLog.Entry first = entries.get(0);
        List<JudgementLog.Entry> rest = entries.subList(1, entries.size());
        long[] took = rest.stream().mapToLong(JudgementLog.Entry::tookNanos).sorted().toArray();
        Map<String, Long> stores = new TreeMap<>();
        rest.forEach((entry) -> stores.merge(entry.store(), 1L, Long::sum));
        return new FallbackResult(scenario, commandTimeout.toMillis(), Latency.millis(first.tookNanos()),
                first.store(), took.length, Latency.percentile(took, 50), Latency.percentile(took, 99),
                took.length == 0 ? null : Latency.millis(Arrays.stream(took).max().orElse(0)), stores, backAfter);
    }

    /**
     * The decision times, in milliseconds, at the decider.
     *
     * @param scenario how Redis went away
     * @param commandTimeoutMs {@code error-alert.redis.command-timeout}
     * @param firstMs the decision time of the first error after it went away
     * @param firstDecidedBy the store that decided it
     * @param following how many errors followed
     * @param followingP50Ms their median decision time
     * @param followingP99Ms their 99th percentile
     * @param followingMaxMs their slowest
     * @param followingDecidedBy the stores that decided them
     * @param redisBackAfterMs for a pause: from its start until Redis decided again
     */
    record FallbackResult(String scenario, long commandTimeoutMs, @Nullable Double firstMs,
            @Nullable String firstDecidedBy, int following, @Nullable Double followingP50Ms,
            @Nullable Double followingP99Ms, @Nullable Double followingMaxMs, Map<String, Long> followingDecidedBy,
            @Nullable Double redisBackAfterMs) {
    }
}
