package dev.erroralert.benchmarks.load;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What Redis had done at one moment, and through the relays what the instances had asked of it: read twice, the
 * difference is a window's traffic ({@link #until}).
 *
 * @param nanos when it was read ({@link System#nanoTime()})
 * @param commandStats calls per command since Redis started ({@code INFO commandstats}: scripts' commands included)
 * @param cpuSeconds Redis's CPU time since it started ({@code INFO cpu}, system and user)
 * @param roundTrips commands the instances sent, by name, summed over their relays
 */
record RedisTraffic(long nanos, Map<String, Long> commandStats, double cpuSeconds, Map<String, Long> roundTrips) {

    /** Commands that run a script: a script call is one round trip, whatever it runs inside. */
    static final Set<String> SCRIPT_COMMANDS = Set.of("eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro");

    static RedisTraffic read(RedisOperator redis, List<CountingRelay> relays) {
        Map<String, Long> roundTrips = new TreeMap<>();
        for (CountingRelay relay : relays) {
            relay.commandsByName().forEach((command, count) -> roundTrips.merge(command, count, Long::sum));
        }
        // Relays first: a command they saw is then surely in the statistics too.
        return new RedisTraffic(System.nanoTime(), redis.commandCalls(), redis.cpuSeconds(), roundTrips);
    }

    /** The traffic from this reading until {@code later}, over {@code instances} instances. */
    Window until(RedisTraffic later, int instances) {
        double seconds = (later.nanos - nanos) / 1e9;
        Map<String, Long> commands = RedisOperator.issuedBetween(commandStats, later.commandStats);
        // Only the driver reads INFO (these readings); the instances never do.
        commands.remove("info");
        Map<String, Long> trips = Counts.since(roundTrips, later.roundTrips);
        long commandsTotal = sum(commands);
        long scriptCalls = scripts(commands);
        long tripsTotal = sum(trips);
        long scriptTrips = scripts(trips);
        double cpu = later.cpuSeconds - cpuSeconds;
        return new Window(round(seconds), instances, commands, commandsTotal, scriptCalls,
                round(commandsTotal / seconds), round(scriptCalls / seconds),
                round((commandsTotal - scriptCalls) / seconds), round(commandsTotal / seconds / instances),
                trips, tripsTotal, round(tripsTotal / seconds / instances), round(scriptTrips / seconds / instances),
                round((tripsTotal - scriptTrips) / seconds / instances), round(cpu),
                round(cpu / seconds), cpu / seconds / instances);
    }

    private static long scripts(Map<String, Long> commands) {
        return commands.entrySet().stream().filter((entry) -> SCRIPT_COMMANDS.contains(entry.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /**
     * Redis's traffic over a window.
     *
     * @param seconds the window's length
     * @param instances application instances it was shared by
     * @param redisCommands commands Redis ran, by name ({@code INFO commandstats}, scripts' commands included; the
     *     driver's own readings, {@code INFO}, left out)
     * @param redisCommandsTotal their sum
     * @param scriptCalls script calls among them (EVAL, EVALSHA, FCALL and their read-only forms)
     * @param commandsPerSecond {@code redisCommandsTotal} a second, all instances
     * @param scriptCallsPerSecond {@code scriptCalls} a second, all instances
     * @param otherCommandsPerSecond the other commands a second, all instances (those scripts ran included)
     * @param commandsPerSecondPerInstance {@code commandsPerSecond} divided by the instances
     * @param roundTrips commands the instances sent, by name, as their relays counted them
     * @param roundTripsTotal their sum
     * @param roundTripsPerSecondPerInstance a second, per instance
     * @param scriptRoundTripsPerSecondPerInstance the script calls among them, a second, per instance
     * @param otherRoundTripsPerSecondPerInstance the other round trips, a second, per instance
     * @param redisCpuSeconds CPU Redis used in the window
     * @param redisCores {@code redisCpuSeconds} over the window: the share of one core Redis kept busy
     * @param redisCoresPerInstance the same divided by the instances, unrounded: projections multiply it
     */
    record Window(double seconds, int instances, Map<String, Long> redisCommands, long redisCommandsTotal,
            long scriptCalls, double commandsPerSecond, double scriptCallsPerSecond, double otherCommandsPerSecond,
            double commandsPerSecondPerInstance, Map<String, Long> roundTrips, long roundTripsTotal,
            double roundTripsPerSecondPerInstance, double scriptRoundTripsPerSecondPerInstance,
            double otherRoundTripsPerSecondPerInstance, double redisCpuSeconds, double redisCores,
            double redisCoresPerInstance) {
    }
}
