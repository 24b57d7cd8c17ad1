package dev.erroralert.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.erroralert.benchmarks.load.FailingService.SettlementDeclined;
import dev.erroralert.pipeline.PipelineStats;

/**
 * Item 7, the hot error: what one instance asks of Redis while idle (its housekeeping: write-back claims, quiet
 * checks over the 16 buckets, mutes), then while one error is thrown about a thousand times a second. Once that error
 * is suppressed its repeats are counted locally and sent at the suppressed-sync interval, so the script calls above
 * idle should stay near the six judgements and alert notes it takes to get there plus one sync per interval.
 */
final class HotError {

    private final Duration idle;
    private final Duration hot;
    private final int perSecond;

    HotError(Duration idle, Duration hot, int perSecond) {
        this.idle = idle;
        this.hot = hot;
        this.perSecond = perSecond;
    }

    HotErrorResult run(LoadApplication.Running app, RedisOperator redis, CountingRelay relay) {
        List<CountingRelay> relays = List.of(relay);
        RedisTraffic idleStart = RedisTraffic.read(redis, relays);
        LockSupport.parkNanos(idle.toNanos());
        RedisTraffic hotStart = RedisTraffic.read(redis, relays);
        PipelineStats before = app.pipeline().stats();
        long thrown = throwSteadily(app.service());
        RedisTraffic hotEnd = RedisTraffic.read(redis, relays);
        boolean judged = app.awaitJudged(Duration.ofSeconds(30));
        PipelineStats after = app.pipeline().stats();
        RedisTraffic.Window idleWindow = idleStart.until(hotStart, 1);
        RedisTraffic.Window hotWindow = hotStart.until(hotEnd, 1);
        return new HotErrorResult(perSecond, thrown, judged, after.alertsSent() - before.alertsSent(),
                app.properties().getPipeline().getSuppressedSyncInterval().toMillis() / 1000.0, idleWindow, hotWindow,
                round(hotWindow.scriptCallsPerSecond() - idleWindow.scriptCallsPerSecond()),
                round(hotWindow.otherCommandsPerSecond() - idleWindow.otherCommandsPerSecond()));
    }

    /** About {@code perSecond} occurrences a second for the hot phase, all one error, from one thread. */
    private long throwSteadily(FailingService service) {
        String merchant = Words.word(0, 5);
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long start = System.nanoTime();
        long end = start + hot.toNanos();
        long thrown = 0;
        long next = start;
        while (System.nanoTime() < end) {
            try {
                service.settle(merchant);
            }
            catch (SettlementDeclined expected) {
                thrown++;
            }
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return thrown;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /**
     * The hot error's figures.
     *
     * @param targetPerSecond the pace aimed at
     * @param thrown occurrences thrown in the hot phase
     * @param allJudged whether the pipeline had judged them all within 30 s of the phase's end
     * @param alertsSent alerts for it
     * @param suppressedSyncSeconds the suppressed-sync interval
     * @param idle the idle phase's traffic: housekeeping only
     * @param hot the hot phase's traffic
     * @param scriptCallsPerSecondAboveIdle the hot phase's script calls a second minus the idle phase's (the target)
     * @param otherCommandsPerSecondAboveIdle likewise for the other commands (those inside scripts included)
     */
    record HotErrorResult(int targetPerSecond, long thrown, boolean allJudged, long alertsSent,
            double suppressedSyncSeconds, RedisTraffic.Window idle, RedisTraffic.Window hot,
            double scriptCallsPerSecondAboveIdle, double otherCommandsPerSecondAboveIdle) {
    }
}
