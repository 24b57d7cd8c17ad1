package dev.erroralert.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.erroralert.benchmarks.load.FailingService.SettlementDeclined;
import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.event.CaptureSite;
import dev.erroralert.history.HistoryEntry;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.pipeline.PipelineStats;
import dev.erroralert.spring.autoconfigure.ErrorAlertDeliveryProperties;
import org.jspecify.annotations.Nullable;

/**
 * Item 3, the storm: a fixed number of occurrences over a fixed set of errors, thrown from a few threads at a steady
 * pace, then everything judged, delivered and written back; what it cost Redis, Slack and the heap, and whether the
 * history holds exactly what was thrown, error by error.
 */
final class Storm {

    /** How many occurrences a caller throws between two looks at its schedule. */
    private static final int PACING_CHUNK = 64;

    private static final Duration JUDGED_TIMEOUT = Duration.ofMinutes(3);

    private final LoadOptions options;
    private final Variant variant;

    Storm(LoadOptions options, Variant variant) {
        this.options = options;
        this.variant = variant;
    }

    /** How the storm's errors differ from one another, and so how they reach the pipeline. */
    enum Variant {

        /**
         * Through the annotated bean, as a user's application throws: one method, one exception type, errors told apart
         * by a word of their message.
         */
        MESSAGES("messages", "one @AlertOnError method; the errors differ by a word of their message",
                Pattern.compile("merchant (\\p{Alpha}+)$")),

        /**
         * Through the core API, {@code AlertPipeline.capture} with a capture site per error: what an application with
         * as many failing methods would do. The starter takes its sites from methods, so a thousand of them would need
         * a thousand methods; the core API names them directly.
         */
        SITES("sites", "core API capture(); the errors differ by their capture site, the message is the same",
                Pattern.compile("\\.Merchant(\\p{Alpha}+)#settle$"));

        final String key;
        final String description;
        /** Finds the error's word in a history row: in the sample message, or in the location. */
        final Pattern word;

        Variant(String key, String description, Pattern word) {
            this.key = key;
            this.description = description;
            this.word = word;
        }

        /** Whether a history row captured at {@code location} is one of this variant's errors. */
        boolean owns(String location) {
            return this == MESSAGES ? location.equals(FailingService.class.getName() + "#settle")
                    : word.matcher(location).find();
        }
    }

    StormResult run(LoadApplication.Running app, SlackRecorder slack, RedisOperator redis, CountingRelay relay)
            throws InterruptedException {
        String[] merchants = new String[options.stormFingerprints()];
        CaptureSite[] sites = new CaptureSite[merchants.length];
        for (int i = 0; i < merchants.length; i++) {
            merchants[i] = Words.word(i, 4);
            sites[i] = CaptureSite.of(Storm.class.getPackageName() + ".Merchant" + merchants[i], "settle");
        }
        long heapBefore = HeapSampler.retainedBytes();
        RedisTraffic trafficBefore = RedisTraffic.read(redis, List.of(relay));
        Map<String, Long> judgementsBefore = app.judgements().judgements();
        PipelineStats statsBefore = app.pipeline().stats();
        Map<String, Long> deliveriesBefore = app.deliveries().counts();
        int slackBefore = slack.count();
        ThreadCpu cpu = ThreadCpu.start();
        HeapSampler heap = HeapSampler.start();
        List<Tick> timeline = new ArrayList<>();

        long started = System.nanoTime();
        List<Caller> callers = new ArrayList<>();
        for (int t = 0; t < options.stormThreads(); t++) {
            Caller caller = new Caller(variant, app.service(), app.pipeline(), merchants, sites, t,
                    options.stormThreads(), options.stormOccurrences(), options.stormSeconds(), started);
            callers.add(caller);
            caller.thread.start();
        }
        // The steady state: everything after the first 2 s, when the new errors have been judged.
        AtomicReference<RedisTraffic> afterTwoSeconds = new AtomicReference<>();
        Thread marker = new Thread(() -> {
            LockSupport.parkNanos(started + TimeUnit.SECONDS.toNanos(2) - System.nanoTime());
            afterTwoSeconds.set(RedisTraffic.read(redis, List.of(relay)));
        }, "storm-marker");
        marker.setDaemon(true);
        marker.start();
        Thread ticker = new Thread(() -> tick(app, slack, relay, started, timeline), "storm-timeline");
        ticker.setDaemon(true);
        ticker.start();
        for (Caller caller : callers) {
            caller.thread.join();
        }
        long callersNanos = System.nanoTime() - started;
        boolean judged = app.awaitJudged(JUDGED_TIMEOUT);
        long processedNanos = System.nanoTime() - started;
        ticker.interrupt();
        ticker.join();
        RedisTraffic trafficAfter = RedisTraffic.read(redis, List.of(relay));
        Map<String, Long> commandsAfter = trafficAfter.commandStats();
        heap.close();
        Map<String, Long> cpuMillis = cpu.millisSinceStart();
        for (Caller caller : callers) {
            cpuMillis.put(caller.thread.getName(), caller.cpuNanos / 1_000_000);
        }
        PipelineStats stats = app.pipeline().stats();
        Delivery delivery = drain(app, slack, slackBefore, deliveriesBefore, stats.alertsSent()
                - statsBefore.alertsSent());

        // Repeats of errors known to stay suppressed are counted in the instance and sent at the suppressed-sync
        // interval: the history can only hold them once the last ones were sent, an interval after the last throw.
        long heldSentBy = started + callersNanos + app.properties().getPipeline().getSuppressedSyncInterval().toNanos()
                + TimeUnit.SECONDS.toNanos(1);
        while (heldSentBy - System.nanoTime() > 0) {
            LockSupport.parkNanos(heldSentBy - System.nanoTime());
        }
        boolean writtenBack = app.writeBack().syncNow();
        Map<String, Long> writeBackCommands = RedisOperator.issuedBetween(commandsAfter, redis.commandCalls());
        // The reading of Redis's CPU after the statistics; only the driver reads INFO.
        writeBackCommands.remove("info");
        long heapAfter = HeapSampler.retainedBytes();

        long[] thrown = new long[merchants.length];
        for (Caller caller : callers) {
            for (int i = 0; i < thrown.length; i++) {
                thrown[i] += caller.thrown[i];
            }
        }
        Totals totals = totals(app, merchants, thrown);

        RedisTraffic.Window traffic = trafficBefore.until(trafficAfter, 1);
        // Only when the storm outlasted its first 2 s; the marker reads once then and is done.
        marker.join(1_000);
        RedisTraffic.Window steady = afterTwoSeconds.get() == null ? null
                : afterTwoSeconds.get().until(trafficAfter, 1);
        Map<String, Long> commands = traffic.redisCommands();
        Map<String, Long> judgements = Counts.since(judgementsBefore, app.judgements().judgements());
        double flushIntervalMs = app.properties().getPipeline().getFlushInterval().toNanos() / 1e6;
        long flushes = (long) Math.ceil(processedNanos / 1e6 / flushIntervalMs);
        return new StormResult(variant.key, variant.description, options.stormThreads(), options.stormOccurrences(),
                merchants.length, options.stormSeconds(), seconds(callersNanos),
                seconds(callersNanos) <= options.stormSeconds() * 1.05, seconds(processedNanos), judged,
                flushIntervalMs, flushes, (long) merchants.length * flushes, commands, sum(commands),
                scriptCalls(commands), writeBackCommands, judgements, sum(judgements),
                stats.captured() - statsBefore.captured(), stats.overflowed() - statsBefore.overflowed(),
                stats.unattributed() - statsBefore.unattributed(), stats.internalErrors() - statsBefore.internalErrors(),
                delivery, writtenBack, totals,
                new HeapUse(mb(heapBefore), mb(heap.peakBytes()), mb(heapAfter), mb(HeapSampler.maxBytes()),
                        heap.samples(), heap.collections(), heap.collectionMillis(), stats.aggregatorSize()),
                cpuMillis, timeline, traffic, steady);
    }

    /**
     * Wait, within the drain time, until every alert was delivered, parked or dropped and the outbox is empty again
     * (alerts that found the lane's queue full are parked, and redelivered at the pace); then say where they stand.
     */
    private Delivery drain(LoadApplication.Running app, SlackRecorder slack, int slackBefore,
            Map<String, Long> deliveriesBefore, long alertsSent) {
        long drainStarted = System.nanoTime();
        Duration patience = Duration.ofMillis((long) (options.stormDrainSeconds() * 1000));
        boolean settled = app.awaitDelivered(patience);
        int slackWhenSettled = slack.count() - slackBefore;
        LoadApplication.await(patience.minusNanos(System.nanoTime() - drainStarted),
                () -> app.outboxDepth() <= 0 && queued(app) == 0);
        double drainSeconds = seconds(System.nanoTime() - drainStarted);
        long outboxLeft = Math.max(0, app.outboxDepth());
        long queued = queued(app);
        int slackRequests = slack.count() - slackBefore;
        // A parked message is redelivered as it is, one request each; queued alerts go out as digests of up to 40.
        long eventually = slackRequests + outboxLeft + (queued + 39) / 40;
        return new Delivery(alertsSent, settled, slackWhenSettled, drainSeconds, slackRequests, outboxLeft, queued,
                eventually, app.properties(ErrorAlertDeliveryProperties.class).getMessagesPerSecond(),
                Counts.since(deliveriesBefore, app.deliveries().counts()));
    }

    private static long queued(LoadApplication.Running app) {
        return app.delivery().destinations().stream().mapToLong(DeliveryEngine.DestinationState::queued).sum();
    }

    /** Every half second until interrupted: how far callers, hand-off and decider have got. */
    private static void tick(LoadApplication.Running app, SlackRecorder slack, CountingRelay relay, long started,
            List<Tick> timeline) {
        PipelineStats before = app.pipeline().stats();
        int slackBefore = slack.count();
        long tripsBefore = relay.commands();
        long next = started;
        while (!Thread.currentThread().isInterrupted()) {
            next += TimeUnit.MILLISECONDS.toNanos(500);
            LockSupport.parkNanos(next - System.nanoTime());
            PipelineStats now = app.pipeline().stats();
            timeline.add(new Tick(Math.round((System.nanoTime() - started) / 1e6) / 1000.0,
                    now.captured() - before.captured(), now.overflowed() - before.overflowed(),
                    now.judged() - before.judged(), now.alertsSent() - before.alertsSent(),
                    slack.count() - slackBefore, relay.commands() - tripsBefore));
        }
    }

    /** Read the history back and compare it, error by error, with what was thrown. */
    private Totals totals(LoadApplication.Running app, String[] merchants, long[] thrown) {
        Map<String, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < merchants.length; i++) {
            indexOf.put(merchants[i], i);
        }
        long[] counted = new long[merchants.length];
        long rows = 0;
        long total = 0;
        long maxAlerts = 0;
        long unmatched = 0;
        for (HistoryEntry entry : app.history().top(Integer.MAX_VALUE, 0)) {
            if (entry.details() == null || !SettlementDeclined.class.getName().equals(entry.details().exceptionType())
                    || !variant.owns(entry.details().location())) {
                continue;
            }
            rows++;
            total += entry.totalCount();
            maxAlerts = Math.max(maxAlerts, entry.alertsSent());
            String text = variant == Variant.MESSAGES ? entry.details().sampleMessage() : entry.details().location();
            Matcher matcher = variant.word.matcher(text == null ? "" : text);
            Integer index = matcher.find() ? indexOf.get(matcher.group(1)) : null;
            if (index == null) {
                unmatched += entry.totalCount();
            }
            else {
                counted[index] += entry.totalCount();
            }
        }
        long expected = 0;
        int mismatched = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < merchants.length; i++) {
            expected += thrown[i];
            if (counted[i] != thrown[i]) {
                mismatched++;
                if (examples.size() < 10) {
                    examples.add(merchants[i] + ": thrown " + thrown[i] + ", in the history " + counted[i]);
                }
            }
        }
        return new Totals(expected, total, rows, mismatched, unmatched, examples, maxAlerts);
    }

    /** Script calls. INFO commandstats also counts each command a script runs; the relay counts round trips. */
    private static long scriptCalls(Map<String, Long> commands) {
        return commands.entrySet().stream().filter((entry) -> RedisTraffic.SCRIPT_COMMANDS.contains(entry.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }

    /**
     * One calling thread: occurrence {@code k} of the storm (this thread takes every {@code step}-th) fails for
     * merchant {@code k % merchants}, at the time the schedule gives it; a thread behind schedule throws as fast as
     * it can.
     */
    private static final class Caller implements Runnable {

        final Thread thread;
        final long[] thrown;
        volatile long cpuNanos;
        private final Variant variant;
        private final FailingService service;
        private final AlertPipeline pipeline;
        private final String[] merchants;
        private final CaptureSite[] sites;
        private final int first;
        private final int step;
        private final long occurrences;
        private final long nanosPerOccurrence;
        private final long started;

        Caller(Variant variant, FailingService service, AlertPipeline pipeline, String[] merchants,
                CaptureSite[] sites, int first, int step, long occurrences, double seconds, long started) {
            this.variant = variant;
            this.service = service;
            this.pipeline = pipeline;
            this.merchants = merchants;
            this.sites = sites;
            this.first = first;
            this.step = step;
            this.occurrences = occurrences;
            this.nanosPerOccurrence = (long) (seconds * 1e9 / occurrences);
            this.started = started;
            this.thrown = new long[merchants.length];
            this.thread = new Thread(this, "storm-caller-" + first);
        }

        @Override
        public void run() {
            int sinceLook = 0;
            for (long k = first; k < occurrences; k += step) {
                int merchant = (int) (k % merchants.length);
                if (variant == Variant.MESSAGES) {
                    try {
                        service.settle(merchants[merchant]);
                    }
                    catch (SettlementDeclined expected) {
                        thrown[merchant]++;
                    }
                }
                else {
                    try {
                        settle();
                    }
                    catch (SettlementDeclined ex) {
                        // Where the application catches it, it hands it over itself, as the README shows.
                        pipeline.capture(ex, sites[merchant]);
                        thrown[merchant]++;
                    }
                }
                if (++sinceLook == PACING_CHUNK) {
                    sinceLook = 0;
                    long ahead = started + (k + 1) * nanosPerOccurrence - System.nanoTime();
                    if (ahead > 0) {
                        LockSupport.parkNanos(ahead);
                    }
                }
            }
            // Read here: a thread that has ended has no CPU time to read.
            cpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }

        private static void settle() {
            throw new SettlementDeclined("Settlement declined by the acquirer");
        }
    }

    /**
     * The storm's figures.
     *
     * @param variant how its errors differ: {@code messages} or {@code sites}
     * @param description the same, in words
     * @param threads calling threads
     * @param occurrences exceptions thrown
     * @param fingerprints distinct errors among them
     * @param targetSeconds how long the storm was meant to take
     * @param callersSeconds how long the callers took to throw everything
     * @param keptPace whether they finished within 5 % of the target (otherwise they threw as fast as they could)
     * @param processedSeconds from the first throw until the pipeline had judged every occurrence
     * @param allJudged whether it had, within the driver's patience
     * @param flushIntervalMs the pipeline's flush interval
     * @param flushes how many flush intervals {@code processedSeconds} holds
     * @param redisCommandBound fingerprints × flushes: the target for Redis commands
     * @param redisCommands commands Redis executed from the first throw until all was judged, by command, as
     *     {@code INFO commandstats} counts them: the commands scripts ran included
     * @param redisCommandsTotal their sum
     * @param redisScriptCalls EVALSHA and EVAL among them: the round trips of the store
     * @param writeBackRedisCommands commands of the final write-back, after the storm
     * @param judgements judgements during the storm, by the store that decided
     * @param judgementsTotal their sum
     * @param captured occurrences the pipeline captured
     * @param overflowed occurrences that found the hand-off full (counted per exception type and site)
     * @param unattributed occurrences counted without a fingerprint
     * @param internalErrors failures inside the pipeline
     * @param delivery what became of the alerts
     * @param writeBackComplete whether the final write-back wrote everything back
     * @param totals the history against what was thrown
     * @param heap the heap during and after the storm
     * @param cpuMillis CPU per thread group during the storm
     * @param timeline how the storm went, every half second
     * @param redisTraffic Redis's traffic from the first throw until all was judged: commands (scripts' included),
     *     round trips the instance sent (counted by its relay), Redis's CPU
     * @param redisTrafficAfterTwoSeconds the same without the first 2 s (null when the storm was shorter)
     */
    record StormResult(String variant, String description, int threads, long occurrences, int fingerprints,
            double targetSeconds, double callersSeconds, boolean keptPace, double processedSeconds, boolean allJudged,
            double flushIntervalMs, long flushes, long redisCommandBound, Map<String, Long> redisCommands,
            long redisCommandsTotal, long redisScriptCalls, Map<String, Long> writeBackRedisCommands,
            Map<String, Long> judgements, long judgementsTotal, long captured, long overflowed, long unattributed,
            long internalErrors, Delivery delivery, boolean writeBackComplete, Totals totals, HeapUse heap,
            Map<String, Long> cpuMillis, List<Tick> timeline, RedisTraffic.Window redisTraffic,
            RedisTraffic.@Nullable Window redisTrafficAfterTwoSeconds) {
    }

    /**
     * What became of the storm's alerts.
     *
     * @param alertsSent alerts the decider handed to delivery
     * @param allSettled whether each was delivered, parked or dropped within the drain time
     * @param slackRequestsWhenSettled requests the local Slack had received by then
     * @param drainSeconds how long the driver waited for that and for the outbox to empty
     * @param slackRequests requests the local Slack received in all
     * @param outboxLeft messages still parked at the end, each one request when it is redelivered
     * @param queuedLeft alerts still queued in the lane at the end
     * @param slackRequestsEventually {@code slackRequests + outboxLeft} + the digests {@code queuedLeft} makes
     * @param messagesPerSecond the lane's pace ({@code error-alert.delivery.messages-per-second})
     * @param messages messages and alerts per result, as the delivery observer heard them
     */
    record Delivery(long alertsSent, boolean allSettled, int slackRequestsWhenSettled, double drainSeconds,
            int slackRequests, long outboxLeft, long queuedLeft, long slackRequestsEventually,
            double messagesPerSecond, Map<String, Long> messages) {
    }

    /**
     * The history after the final write-back.
     *
     * @param thrown occurrences thrown
     * @param historyTotal the storm's errors' totals in the history, summed
     * @param historyRows how many history rows the storm's errors have
     * @param mismatchedFingerprints errors whose total differs from what was thrown for them
     * @param unmatched occurrences in rows that name no known merchant
     * @param mismatches the first few differences
     * @param maxAlertsPerFingerprint the most alerts any one error got
     */
    record Totals(long thrown, long historyTotal, long historyRows, int mismatchedFingerprints, long unmatched,
            List<String> mismatches, long maxAlertsPerFingerprint) {
    }

    /**
     * The heap, in MiB.
     *
     * @param retainedBeforeMb after a full collection, before the storm
     * @param peakMb the highest used heap sampled during the storm (garbage included)
     * @param retainedAfterMb after a full collection, once everything was judged, delivered and written back
     * @param maxMb the heap's maximum size
     * @param samples readings taken (every 10 ms)
     * @param collections garbage collections during the storm
     * @param collectionMillis time the collectors reported for them
     * @param aggregatorSize distinct errors the aggregator held at the end
     */
    record HeapUse(double retainedBeforeMb, double peakMb, double retainedAfterMb, double maxMb, long samples,
            long collections, long collectionMillis, long aggregatorSize) {
    }

    /**
     * Where the storm stood at one moment, counted from its start.
     *
     * @param seconds since the first throw
     * @param captured occurrences captured so far
     * @param overflowed of which found the hand-off full
     * @param judged occurrences judged so far
     * @param alertsSent alerts handed to delivery so far
     * @param slackRequests requests Slack received so far
     * @param redisRoundTrips commands the instance sent Redis so far
     */
    record Tick(double seconds, long captured, long overflowed, long judged, long alertsSent, int slackRequests,
            long redisRoundTrips) {
    }
}
