package dev.erroralert.benchmarks.load;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The driver's flags, with the sizes as defaults; smaller sizes make a quick run while developing.
 *
 * @param out where the JSON results go
 * @param items which of the issues' items to run: 3 (storm), 4 (latency), 5 (fallback cost), 6 (Slack storms),
 *     7 (hot error), 8 (fleet)
 * @param stormOccurrences exceptions thrown in the storm
 * @param stormFingerprints distinct errors among them
 * @param stormThreads threads throwing them
 * @param stormSeconds how long the storm should take (the callers are paced to it)
 * @param stormDrainSeconds how long to wait after the storm for the outbox to be redelivered
 * @param stormVariants how the storm's errors differ: {@code messages} (through the annotated bean), {@code sites}
 *     (core API, a capture site each), or both, each in an application of its own
 * @param latencyErrors new errors per path of the latency run
 * @param latencySpacingMs time between two of them
 * @param latencyMessagesPerSecond Slack pace during the latency run, raised so that pacing is not what is measured
 * @param latencyBurst Slack burst during the latency run, likewise
 * @param poolConnectionTimeoutMs the connection pool's timeout in the latency run (Hikari's default is 30 s), which
 *     bounds the lane's outbox checks once the database is stopped
 * @param fallbackFollowing errors thrown after the first one when Redis goes away
 * @param redisPauseMs how long Redis hangs in the fallback run
 * @param slackStormSizes the Slack storms' sizes: distinct new errors thrown at once, each size in an application of
 *     its own
 * @param slackStormSeconds how long throwing each Slack storm takes
 * @param slackOutageSeconds how long Slack is down in the outage storm (200 new errors thrown over most of it); 0
 *     skips it
 * @param hotIdleSeconds how long the hot-error instance is watched idle first; the housekeeping runs every few
 *     seconds, so a window of a few seconds may catch none of it (10 s or more reads steadily)
 * @param hotSeconds how long the hot error is thrown
 * @param hotPerSecond how often a second
 * @param fleetInstances applications in the fleet
 * @param fleetOccurrences occurrences each instance throws, over the storm's errors
 * @param fleetSeconds how long throwing them takes
 * @param fleetIdleSeconds how long the fleet is watched idle first
 */
record LoadOptions(Path out, Set<Integer> items, long stormOccurrences, int stormFingerprints, int stormThreads,
        double stormSeconds, double stormDrainSeconds, List<String> stormVariants, int latencyErrors, long latencySpacingMs, double latencyMessagesPerSecond,
        int latencyBurst, long poolConnectionTimeoutMs, int fallbackFollowing, long redisPauseMs,
        List<Integer> slackStormSizes, double slackStormSeconds, long slackOutageSeconds, double hotIdleSeconds,
        double hotSeconds, int hotPerSecond, int fleetInstances, long fleetOccurrences, double fleetSeconds,
        double fleetIdleSeconds) {

    static final String USAGE = """
            Usage: LoadDriver [options]
              --out <file>                       JSON results (benchmarks/target/load-results.json)
              --items <3,4,5,6,7,8>              which items to run: 3 storm, 4 latency, 5 fallback cost,
                                                 6 Slack storms, 7 hot error, 8 fleet (all)
              --storm-occurrences <n>            exceptions thrown in the storm (1000000)
              --storm-fingerprints <n>           distinct errors among them (1000)
              --storm-threads <n>                threads throwing them (2)
              --storm-seconds <s>                pace: how long the storm should take (10)
              --storm-drain-seconds <s>          wait for parked alerts to be redelivered after it (30)
              --storm-variants <list>            messages (annotated bean, errors differ by a word), sites (core
                                                 API, a capture site per error) (messages,sites)
              --latency-errors <n>               new errors per path (1000)
              --latency-spacing-ms <ms>          time between two of them (20)
              --latency-messages-per-second <n>  Slack pace for the latency run (1000)
              --latency-burst <n>                Slack burst for the latency run (1000)
              --pool-connection-timeout-ms <ms>  the pool's connection timeout in the latency run (500)
              --fallback-following <n>           errors after the first when Redis goes away (50)
              --redis-pause-ms <ms>              how long Redis hangs in the fallback run (3000)
              --slack-storm-sizes <list>         distinct new errors per Slack storm (200,1000,10000)
              --slack-storm-seconds <s>          how long throwing each Slack storm takes (3)
              --slack-outage-seconds <s>         Slack down while 200 new errors are thrown; 0 skips it (60)
              --hot-idle-seconds <s>             hot error: the instance watched idle first (20)
              --hot-seconds <s>                  hot error: how long it is thrown (20)
              --hot-per-second <n>               hot error: how often a second (1000)
              --fleet-instances <n>              fleet: applications against one Redis (16)
              --fleet-occurrences <n>            fleet: occurrences each instance throws over the storm's
                                                 errors (--storm-fingerprints) (60000)
              --fleet-seconds <s>                fleet: how long throwing them takes (30)
              --fleet-idle-seconds <s>           fleet: watched idle first (10)
            """;

    LoadOptions {
        if (stormOccurrences < 1 || stormFingerprints < 1 || stormThreads < 1 || stormSeconds <= 0 || stormDrainSeconds < 0
                || latencyErrors < 1 || latencySpacingMs < 0 || latencyMessagesPerSecond <= 0 || latencyBurst < 1 || poolConnectionTimeoutMs < 250
                || fallbackFollowing < 0 || redisPauseMs < 1) {
            throw new IllegalArgumentException("Sizes must be positive\n" + USAGE);
        }
        slackStormSizes = List.copyOf(slackStormSizes);
        if (slackStormSeconds <= 0 || slackOutageSeconds < 0 || slackStormSizes.stream().anyMatch(size -> size < 1)
                || slackStormSizes.stream().mapToLong(Integer::longValue).sum() > Words.capacity(5)) {
            throw new IllegalArgumentException("Slack storm sizes and seconds must be positive, at most "
                    + Words.capacity(5) + " errors in all\n" + USAGE);
        }
        if (hotIdleSeconds <= 0 || hotSeconds <= 0 || hotPerSecond < 1 || fleetInstances < 1 || fleetOccurrences < 1
                || fleetSeconds <= 0 || fleetIdleSeconds <= 0) {
            throw new IllegalArgumentException("Hot error and fleet sizes must be positive\n" + USAGE);
        }
        if (stormFingerprints > Words.capacity(4)) {
            throw new IllegalArgumentException("At most " + Words.capacity(4) + " storm fingerprints");
        }
        items = Set.copyOf(items);
        stormVariants = List.copyOf(stormVariants);
        for (String variant : stormVariants) {
            if (!variant.equals("messages") && !variant.equals("sites")) {
                throw new IllegalArgumentException("Unknown storm variant " + variant + "\n" + USAGE);
            }
        }
    }

    static LoadOptions parse(String[] args) {
        Path out = Path.of("benchmarks/target/load-results.json");
        Set<Integer> items = new LinkedHashSet<>(Set.of(3, 4, 5, 6, 7, 8));
        long stormOccurrences = 1_000_000;
        int stormFingerprints = 1_000;
        int stormThreads = 2;
        double stormSeconds = 10;
        double stormDrainSeconds = 30;
        List<String> stormVariants = List.of("messages", "sites");
        int latencyErrors = 1_000;
        long latencySpacingMs = 20;
        double latencyMessagesPerSecond = 1_000;
        int latencyBurst = 1_000;
        long poolConnectionTimeoutMs = 500;
        int fallbackFollowing = 50;
        long redisPauseMs = 3_000;
        List<Integer> slackStormSizes = List.of(200, 1_000, 10_000);
        double slackStormSeconds = 3;
        long slackOutageSeconds = 60;
        double hotIdleSeconds = 20;
        double hotSeconds = 20;
        int hotPerSecond = 1_000;
        // As many booted applications as two cores carry beside Redis and PostgreSQL without Redis answering later
        // than the command timeout at the storm's start (with 24, instances fell to the database, sparing Redis).
        int fleetInstances = 16;
        long fleetOccurrences = 60_000;
        // Three suppressed-sync intervals (10 s by default), so that the syncs are in the window.
        double fleetSeconds = 30;
        double fleetIdleSeconds = 10;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--out" -> out = Path.of(value);
                case "--items" -> {
                    items.clear();
                    for (String item : value.split(",")) {
                        items.add(Integer.parseInt(item.strip()));
                    }
                }
                case "--storm-occurrences" -> stormOccurrences = Long.parseLong(value);
                case "--storm-fingerprints" -> stormFingerprints = Integer.parseInt(value);
                case "--storm-threads" -> stormThreads = Integer.parseInt(value);
                case "--storm-seconds" -> stormSeconds = Double.parseDouble(value);
                case "--storm-drain-seconds" -> stormDrainSeconds = Double.parseDouble(value);
                case "--storm-variants" -> stormVariants = List.of(value.split(","));
                case "--latency-errors" -> latencyErrors = Integer.parseInt(value);
                case "--latency-spacing-ms" -> latencySpacingMs = Long.parseLong(value);
                case "--latency-messages-per-second" -> latencyMessagesPerSecond = Double.parseDouble(value);
                case "--latency-burst" -> latencyBurst = Integer.parseInt(value);
                case "--pool-connection-timeout-ms" -> poolConnectionTimeoutMs = Long.parseLong(value);
                case "--fallback-following" -> fallbackFollowing = Integer.parseInt(value);
                case "--redis-pause-ms" -> redisPauseMs = Long.parseLong(value);
                case "--slack-storm-sizes" -> slackStormSizes = java.util.Arrays.stream(value.split(","))
                        .map(size -> Integer.parseInt(size.strip())).toList();
                case "--slack-storm-seconds" -> slackStormSeconds = Double.parseDouble(value);
                case "--slack-outage-seconds" -> slackOutageSeconds = Long.parseLong(value);
                case "--hot-idle-seconds" -> hotIdleSeconds = Double.parseDouble(value);
                case "--hot-seconds" -> hotSeconds = Double.parseDouble(value);
                case "--hot-per-second" -> hotPerSecond = Integer.parseInt(value);
                case "--fleet-instances" -> fleetInstances = Integer.parseInt(value);
                case "--fleet-occurrences" -> fleetOccurrences = Long.parseLong(value);
                case "--fleet-seconds" -> fleetSeconds = Double.parseDouble(value);
                case "--fleet-idle-seconds" -> fleetIdleSeconds = Double.parseDouble(value);
                default -> throw new IllegalArgumentException("Unknown option " + flag + "\n" + USAGE);
            }
        }
        return new LoadOptions(out, items, stormOccurrences, stormFingerprints, stormThreads, stormSeconds,
                stormDrainSeconds, stormVariants, latencyErrors, latencySpacingMs, latencyMessagesPerSecond, latencyBurst, poolConnectionTimeoutMs, fallbackFollowing,
                redisPauseMs, slackStormSizes, slackStormSeconds, slackOutageSeconds, hotIdleSeconds, hotSeconds,
                hotPerSecond, fleetInstances, fleetOccurrences, fleetSeconds, fleetIdleSeconds);
    }
}
