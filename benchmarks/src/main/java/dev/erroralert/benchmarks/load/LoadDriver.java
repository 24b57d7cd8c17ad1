package dev.erroralert.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ch.qos.logback.classic.Level;
import com.google.gson.GsonBuilder;
import dev.erroralert.benchmarks.load.Fallback.FallbackResult;
import dev.erroralert.benchmarks.load.Latency.LatencyResult;
import dev.erroralert.benchmarks.load.Storm.StormResult;
import dev.erroralert.spring.autoconfigure.ErrorAlertRedisProperties;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import org.slf4j.LoggerFactory;

/**
 * Runs items 3 to 5 of the benchmark issue, the Slack storms (item 6), the hot error (item 7) and the fleet (item 8)
 * against real servers on loopback — an embedded Redis, an embedded
 * PostgreSQL and a local Slack webhook — through the starter, as a user's application gets it, and writes the figures
 * as JSON for {@code ResultsWriter}. Each item gets an application of its own, so one's state (its stores, its heap)
 * does not colour the next. See {@link LoadOptions#USAGE} for the flags.
 */
public final class LoadDriver {

    private final LoadOptions options;
    private final EmbeddedRedisServer redis;
    private final EmbeddedPostgresServer postgres;
    private final SlackRecorder slack;
    private final RedisOperator operator;
    private boolean postgresClosed;

    private LoadDriver(LoadOptions options, EmbeddedRedisServer redis, EmbeddedPostgresServer postgres,
            SlackRecorder slack, RedisOperator operator) {
        this.options = options;
        this.redis = redis;
        this.postgres = postgres;
        this.slack = slack;
        this.operator = operator;
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage());
            System.exit(2);
            return;
        }
        // Before Spring configures logging (root at WARN), the embedded servers would log every line they print.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.WARN);
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        Map<String, Object> results = new LinkedHashMap<>();
        EmbeddedRedisServer redis = EmbeddedRedisServer.startNew();
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startNew();
        try (SlackRecorder slack = SlackRecorder.start(); RedisOperator operator = new RedisOperator(redis.uri())) {
            LoadDriver driver = new LoadDriver(options, redis, postgres, slack, operator);
            results.put("startedAt", startedAt.toString());
            results.put("environment", driver.environment());
            results.put("options", driver.optionsAsMap());
            if (options.items().contains(3)) {
                results.put("storms", driver.storms());
            }
            if (options.items().contains(6)) {
                results.put("slackStorms", driver.slackStorms());
            }
            if (options.items().contains(7)) {
                results.put("hotError", driver.hotError());
            }
            if (options.items().contains(8)) {
                results.put("fleet", driver.fleet());
            }
            if (options.items().contains(4) || options.items().contains(5)) {
                driver.latencyAndFallback(results);
            }
            driver.closePostgres();
        }
        finally {
            redis.close();
        }
        results.put("durationSeconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
        write(options.out(), results);
        System.out.println("Load results written to " + options.out());
        // Embedded servers leave non-daemon threads behind.
        System.exit(0);
    }

    /** Item 3, each variant in an application of its own with every setting at its default. */
    private List<StormResult> storms() throws InterruptedException {
        List<StormResult> results = new ArrayList<>();
        for (String key : options.stormVariants()) {
            Storm.Variant variant = Storm.Variant.valueOf(key.toUpperCase(Locale.ROOT));
            log("storm (" + variant.description + "): " + options.stormOccurrences() + " occurrences over "
                    + options.stormFingerprints() + " errors from " + options.stormThreads() + " threads in ~"
                    + options.stormSeconds() + " s");
            StormResult result;
            try (CountingRelay relay = CountingRelay.to(redis.uri(), "storm");
                    LoadApplication.Running app = LoadApplication.start(relay.uri(), postgres.jdbcUrl(),
                            slack.webhookUrl(), Map.of())) {
                warmUp(app);
                result = new Storm(options, variant).run(app, slack, operator, relay);
            }
            operator.flushAll();
            int discarded = discardOutbox();
            log("storm (" + key + "): " + discarded + " parked message(s) left undelivered at shutdown, discarded");
            log("storm (" + key + "): " + result.callersSeconds() + " s, " + result.redisCommandsTotal()
                    + " Redis commands, " + result.delivery().slackRequestsEventually()
                    + " Slack requests (eventually), history " + result.totals().historyTotal() + " of "
                    + result.totals().thrown() + ", " + result.totals().mismatchedFingerprints()
                    + " errors with another total");
            results.add(result);
        }
        return results;
    }

    /** Item 7: one application, idle, then one error thrown about a thousand times a second. */
    private HotError.HotErrorResult hotError() {
        log("hot error: " + options.hotIdleSeconds() + " s idle, then one error " + options.hotPerSecond()
                + " times a second for " + options.hotSeconds() + " s");
        HotError.HotErrorResult result;
        try (CountingRelay relay = CountingRelay.to(redis.uri(), "hot");
                LoadApplication.Running app = LoadApplication.start(relay.uri(), postgres.jdbcUrl(),
                        slack.webhookUrl(), Map.of())) {
            warmUp(app);
            result = new HotError(seconds(options.hotIdleSeconds()), seconds(options.hotSeconds()),
                    options.hotPerSecond()).run(app, operator, relay);
        }
        operator.flushAll();
        discardOutbox();
        log("hot error: idle " + result.idle().scriptCallsPerSecond() + " script calls/s, "
                + result.idle().otherCommandsPerSecond() + " other commands/s; hot " + result.hot().scriptCallsPerSecond()
                + " script calls/s, " + result.hot().otherCommandsPerSecond() + " other commands/s ("
                + result.thrown() + " thrown, " + result.alertsSent() + " alerts); above idle "
                + result.scriptCallsPerSecondAboveIdle() + " script calls/s");
        return result;
    }

    /**
     * Item 8: booted applications, each with its own pipeline, store and Redis connection (through a relay of its
     * own), against the one Redis, idle and then through the storm's errors.
     */
    private Fleet.FleetResult fleet() throws InterruptedException {
        int instances = options.fleetInstances();
        log("fleet: booting " + instances + " applications");
        List<CountingRelay> relays = new ArrayList<>();
        List<LoadApplication.Running> apps = new ArrayList<>();
        long booting = System.nanoTime();
        try {
            for (int i = 0; i < instances; i++) {
                CountingRelay relay = CountingRelay.to(redis.uri(), "fleet-" + i);
                relays.add(relay);
                // A small pool each: PostgreSQL takes 100 connections, and the fleet's database traffic is the
                // write-back's and the outbox's, not the storm's.
                apps.add(LoadApplication.start(relay.uri(), postgres.jdbcUrl(), slack.webhookUrl(),
                        Map.of("spring.datasource.hikari.maximum-pool-size", "2",
                                "spring.datasource.hikari.minimum-idle", "1")));
            }
            apps.forEach(LoadDriver::warmUp);
            double bootSeconds = (System.nanoTime() - booting) / 1e9;
            log("fleet: " + options.fleetIdleSeconds() + " s idle, then " + options.fleetOccurrences()
                    + " occurrences per instance over " + options.stormFingerprints() + " errors in ~"
                    + options.fleetSeconds() + " s");
            Fleet.FleetResult result = new Fleet(options.stormFingerprints(), options.fleetOccurrences(),
                    options.fleetSeconds(), seconds(options.fleetIdleSeconds())).run(apps, relays, operator,
                            bootSeconds);
            log("fleet: " + instances + " instances, Redis " + result.storm().redisCores() + " cores in the storm ("
                    + result.storm().redisCoresPerInstance() + " per instance, " + result.storm()
                            .commandsPerSecondPerInstance() + " commands/s and " + result.storm()
                                    .roundTripsPerSecondPerInstance() + " round trips/s per instance); a fleet of "
                    + Fleet.PROJECTED_INSTANCES + ": " + result.projectedStormCores() + " cores (idle "
                    + result.projectedIdleCores() + "); judgements by store " + result.judgements());
            return result;
        }
        finally {
            apps.forEach(LoadApplication.Running::close);
            relays.forEach(CountingRelay::close);
            operator.flushAll();
            discardOutbox();
        }
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    /** Item 6, each size in an application of its own with every setting at its default; no two share an error. */
    private List<SlackStorm.SlackStormResult> slackStorms() {
        List<SlackStorm.SlackStormResult> results = new ArrayList<>();
        int offset = 0;
        for (int size : options.slackStormSizes()) {
            // The targets: 200 and 1,000 errors within 60 s, 10,000 within 2 minutes.
            Duration deadline = Duration.ofSeconds(size > 1_000 ? 120 : 60);
            log("slack storm: " + size + " new errors in ~" + options.slackStormSeconds() + " s");
            SlackStorm.SlackStormResult result;
            try (LoadApplication.Running app = LoadApplication.start(redis.uri(), postgres.jdbcUrl(),
                    slack.webhookUrl(), Map.of())) {
                warmUp(app);
                result = new SlackStorm(size, offset, options.slackStormSeconds(), deadline, Duration.ZERO)
                        .run(app, slack);
            }
            offset += size;
            operator.flushAll();
            discardOutbox();
            log("slack storm: " + result);
            results.add(result);
        }
        if (options.slackOutageSeconds() > 0) {
            // Point 4 of #11: 200 new errors while Slack is down, thrown over most of the outage.
            Duration outage = Duration.ofSeconds(options.slackOutageSeconds());
            log("slack storm: 200 new errors during an outage of " + outage.toSeconds() + " s");
            try (LoadApplication.Running app = LoadApplication.start(redis.uri(), postgres.jdbcUrl(),
                    slack.webhookUrl(), Map.of())) {
                warmUp(app);
                SlackStorm.SlackStormResult result = new SlackStorm(200, offset, outage.toSeconds() * 0.8,
                        outage.plusSeconds(60), outage).run(app, slack);
                log("slack storm: " + result);
                results.add(result);
            }
            operator.flushAll();
            discardOutbox();
        }
        return results;
    }

    /**
     * Items 4 and 5 in one application, since each step leaves the chain as the next needs it: the Redis path;
     * Redis hanging, then stopped (item 5); the JDBC path with Redis's circuit open; the database stopped too; the
     * direct path. Slack's pace is raised so that what is timed is the pipeline, not the pace.
     */
    private void latencyAndFallback(Map<String, Object> results) {
        boolean latency = options.items().contains(4);
        boolean fallback = options.items().contains(5);
        List<LatencyResult> paths = new ArrayList<>();
        List<FallbackResult> fallbacks = new ArrayList<>();
        Duration spacing = Duration.ofMillis(options.latencySpacingMs());
        discardOutbox();
        try (LoadApplication.Running app = LoadApplication.start(redis.uri(), postgres.jdbcUrl(), slack.webhookUrl(),
                Map.of("error-alert.delivery.messages-per-second", Double.toString(options.latencyMessagesPerSecond()),
                        "error-alert.delivery.burst", Integer.toString(options.latencyBurst()),
                        // Once the database is stopped, each of the lane's outbox checks waits this long for a
                        // connection; with Hikari's default (30 s, as long as the check interval) the lane would do
                        // little else, and the direct path would deliver almost nothing.
                        "spring.datasource.hikari.connection-timeout",
                        Long.toString(options.poolConnectionTimeoutMs())))) {
            Duration commandTimeout = app.properties(ErrorAlertRedisProperties.class).getCommandTimeout();
            log("latency: warming up");
            results.put("latencyWarmUp", Latency.run(app, slack, "warm-up", 'w', Math.min(200,
                    options.latencyErrors()), spacing));
            if (latency) {
                paths.add(path(app, "redis", 'r', spacing));
            }
            Fallback cost = new Fallback(app, options.fallbackFollowing());
            if (fallback) {
                log("fallback: Redis hangs");
                fallbacks.add(cost.whenRedisHangs(operator, Duration.ofMillis(options.redisPauseMs()),
                        commandTimeout));
                log("fallback: Redis stops");
                fallbacks.add(cost.whenRedisStops(redis, commandTimeout));
                fallbacks.forEach((one) -> log("fallback: " + one));
            }
            else {
                redis.stop();
                path(app, "jdbc (opening Redis's circuit)", 'n', 1, spacing);
            }
            if (latency) {
                paths.add(path(app, "jdbc", 'j', spacing));
                closePostgres();
                // The first error after the database went away pays for finding out, once; it is reported apart.
                paths.add(path(app, "direct (first after the database stopped)", 'o', 1, spacing));
                paths.add(path(app, "direct", 'd', spacing));
            }
        }
        results.put("latency", paths);
        results.put("fallback", fallbacks);
        results.put("latencySettings", Map.of("messagesPerSecond", options.latencyMessagesPerSecond(),
                "burst", options.latencyBurst(), "poolConnectionTimeoutMs", options.poolConnectionTimeoutMs()));
    }

    private LatencyResult path(LoadApplication.Running app, String path, char tag, Duration spacing) {
        return path(app, path, tag, options.latencyErrors(), spacing);
    }

    private LatencyResult path(LoadApplication.Running app, String path, char tag, int errors, Duration spacing) {
        log("latency: " + path + ", " + errors + " errors " + spacing.toMillis() + " ms apart");
        LatencyResult result = Latency.run(app, slack, path, tag, errors, spacing);
        log("latency: " + result);
        return result;
    }

    /** Throw one error and wait until it is judged and delivered: connections made, schema created, code loaded. */
    private static void warmUp(LoadApplication.Running app) {
        try {
            app.service().quote("qgwarm");
        }
        catch (FailingService.QuoteUnavailable expected) {
            // judged in the background
        }
        app.awaitJudged(Duration.ofSeconds(30));
        app.awaitDelivered(Duration.ofSeconds(30));
    }

    private void closePostgres() {
        if (!postgresClosed) {
            postgresClosed = true;
            postgres.close();
        }
    }

    private Map<String, Object> environment() throws SQLException {
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("redisVersion", operator.version());
        environment.put("postgresVersion", postgresVersion());
        environment.put("javaVersion", System.getProperty("java.runtime.version"));
        environment.put("javaVendor", System.getProperty("java.vm.vendor"));
        environment.put("vmName", System.getProperty("java.vm.name"));
        environment.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        environment.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        environment.put("maxHeapMb", HeapSampler.maxBytes() / 1024 / 1024);
        return environment;
    }

    /**
     * Delete what the last application left parked, so the next one starts with an empty outbox instead of
     * redelivering it first; how many messages that was.
     */
    private int discardOutbox() {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                Statement statement = connection.createStatement()) {
            return statement.executeUpdate("DELETE FROM error_alert_outbox");
        }
        catch (SQLException ex) {
            // No outbox table yet: nothing was parked.
            return 0;
        }
    }

    private String postgresVersion() throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW server_version")) {
            return result.next() ? result.getString(1) : "unknown";
        }
    }

    private Map<String, Object> optionsAsMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("items", options.items().stream().sorted().toList());
        map.put("stormOccurrences", options.stormOccurrences());
        map.put("stormFingerprints", options.stormFingerprints());
        map.put("stormThreads", options.stormThreads());
        map.put("stormSeconds", options.stormSeconds());
        map.put("stormDrainSeconds", options.stormDrainSeconds());
        map.put("stormVariants", options.stormVariants());
        map.put("latencyErrors", options.latencyErrors());
        map.put("latencySpacingMs", options.latencySpacingMs());
        map.put("latencyMessagesPerSecond", options.latencyMessagesPerSecond());
        map.put("latencyBurst", options.latencyBurst());
        map.put("poolConnectionTimeoutMs", options.poolConnectionTimeoutMs());
        map.put("fallbackFollowing", options.fallbackFollowing());
        map.put("redisPauseMs", options.redisPauseMs());
        map.put("slackStormSizes", options.slackStormSizes());
        map.put("slackStormSeconds", options.slackStormSeconds());
        map.put("slackOutageSeconds", options.slackOutageSeconds());
        map.put("hotIdleSeconds", options.hotIdleSeconds());
        map.put("hotSeconds", options.hotSeconds());
        map.put("hotPerSecond", options.hotPerSecond());
        map.put("fleetInstances", options.fleetInstances());
        map.put("fleetOccurrences", options.fleetOccurrences());
        map.put("fleetSeconds", options.fleetSeconds());
        map.put("fleetIdleSeconds", options.fleetIdleSeconds());
        return map;
    }

    private static void write(Path out, Map<String, Object> results) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(results) + "\n");
    }

    private static void log(String line) {
        System.out.println("[load] " + line);
    }
}
