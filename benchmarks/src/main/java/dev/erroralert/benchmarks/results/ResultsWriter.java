package dev.erroralert.benchmarks.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.erroralert.benchmarks.results.JmhScores.Score;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootVersion;

/**
 * Writes {@code benchmarks/RESULTS.md} from the JMH JSON and the load driver's JSON: the machine, the versions and
 * the date, a table per item of the benchmark issue, each target "met" or "MISSED" as computed from the figures, and
 * the hand-written notes ({@code benchmarks/NOTES.md}) as they are. Run by {@code benchmarks/run}; anything missing
 * (a benchmark that did not run, an item left out) is written as "not measured" rather than failing.
 */
public final class ResultsWriter {

    static final String HEALTHY = "dev.erroralert.benchmarks.jmh.HealthyPathBenchmark.";
    static final String THROWING = "dev.erroralert.benchmarks.jmh.ThrowingPathBenchmark.";
    static final String CONTROLLER = "dev.erroralert.benchmarks.jmh.UnhandledControllerBenchmark.";

    private static final String MET = "met";
    private static final String MISSED = "**MISSED**";
    private static final String NOT_MEASURED = "not measured";

    /**
     * What a storm's retained heap may grow by per distinct error: room for its aggregate, its example, its alerts
     * waiting in the lane, and far less than keeping its occurrences (a thrown exception alone holds a kilobyte or so).
     */
    private static final int HEAP_BYTES_PER_ERROR = 16 * 1024;

    /**
     * Redis commands a second per instance in the storm before #15 (RESULTS.md of bd7ee59: 665,182 commands and
     * 52,049 script calls in 10.14 s for messages, 795,181 and 62,048 in 10.17 s for sites), by variant.
     */
    private static final Map<String, double[]> COMMANDS_AND_SCRIPTS_PER_SECOND_BEFORE = Map.of(
            "messages", new double[] { 665_182 / 10.14, 52_049 / 10.14 },
            "sites", new double[] { 795_181 / 10.17, 62_048 / 10.17 });

    private final JmhScores jmh;
    private final @Nullable JsonObject load;
    private final List<Target> targets = new ArrayList<>();

    private ResultsWriter(JmhScores jmh, @Nullable JsonObject load) {
        this.jmh = jmh;
        this.load = load;
    }

    public static void main(String[] args) throws IOException {
        Path jmhFile = Path.of("benchmarks/target/jmh-results.json");
        Path loadFile = Path.of("benchmarks/target/load-results.json");
        Path notes = Path.of("benchmarks/NOTES.md");
        Path out = Path.of("benchmarks/RESULTS.md");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--jmh" -> jmhFile = Path.of(args[i + 1]);
                case "--load" -> loadFile = Path.of(args[i + 1]);
                case "--notes" -> notes = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> {
                    System.err.println("Usage: ResultsWriter [--jmh file] [--load file] [--notes file] [--out file]");
                    System.exit(2);
                }
            }
        }
        JsonObject load = Files.isRegularFile(loadFile)
                ? JsonParser.parseString(Files.readString(loadFile)).getAsJsonObject() : null;
        String markdown = new ResultsWriter(JmhScores.read(jmhFile), load)
                .write(Files.isRegularFile(notes) ? Files.readString(notes) : null);
        Files.writeString(out, markdown);
        System.out.println("Results written to " + out);
    }

    private String write(@Nullable String notes) {
        Markdown body = new Markdown();
        healthyPath(body);
        throwingPath(body);
        storms(body);
        slackStorms(body);
        latency(body);
        fallback(body);
        hotError(body);
        fleet(body);
        unhandledController(body);

        Markdown page = new Markdown()
                .heading(1, "Benchmark results")
                .paragraph("Written by `benchmarks/run` on " + ZonedDateTime.now(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + ". Do not edit: run it "
                        + "again. The figures of one run are measured side by side on the machine below; the "
                        + "section *Notes* is kept from `benchmarks/NOTES.md`.");
        machine(page);
        versions(page);
        page.heading(2, "Targets");
        Markdown.Table summary = page.table("item", "target", "measured", "verdict");
        targets.forEach((target) -> summary.row(target.item(), target.target(), target.measured(), target.verdict()));
        summary.end();
        page.verbatim(body.toString());
        page.heading(2, "Notes");
        page.verbatim(notes == null || notes.isBlank()
                ? "_None yet: explain each miss in `benchmarks/NOTES.md` (with the profile that shows why)._"
                : notes);
        return page.toString();
    }

    private void machine(Markdown page) {
        Machine machine = Machine.read();
        page.heading(2, "Machine");
        Markdown.Table table = page.table("", "")
                .row("CPU", machine.cpu() + ", " + machine.cores() + " logical cores")
                .row("memory", machine.memory())
                .row("OS", machine.os())
                .row("JVM", machine.jvm())
                .row("JMH forks", jmh.jvm().orElse(NOT_MEASURED) + (jmh.jvmArgs().isEmpty() ? ""
                        : ", flags `" + String.join(" ", jmh.jvmArgs()) + "`"));
        JsonObject environment = object(load, "environment");
        if (environment != null) {
            table.row("load driver", text(environment, "javaVendor") + " " + text(environment, "javaVersion")
                    + ", flags `" + list(environment, "jvmArguments") + "`, max heap "
                    + text(environment, "maxHeapMb") + " MiB");
        }
        table.end();
    }

    private void versions(Markdown page) {
        JsonObject environment = object(load, "environment");
        page.heading(2, "Versions");
        page.table("error-alert", "Spring Boot", "JMH", "Sentry (`io.sentry:sentry`)", "Lettuce", "Redis",
                "PostgreSQL", "PostgreSQL JDBC")
                .row(pomVersion("dev.erroralert", "alert-core"), SpringBootVersion.getVersion(),
                        jmh.jmhVersion().orElse(pomVersion("org.openjdk.jmh", "jmh-core")),
                        io.sentry.BuildConfig.VERSION_NAME, pomVersion("io.lettuce", "lettuce-core"),
                        environment == null ? NOT_MEASURED : text(environment, "redisVersion") + " (embedded)",
                        environment == null ? NOT_MEASURED : text(environment, "postgresVersion") + " (embedded)",
                        org.postgresql.util.DriverInfo.DRIVER_VERSION)
                .end();
    }

    private void healthyPath(Markdown body) {
        body.heading(2, "1. Healthy path (JMH)");
        Optional<Score> plain = jmh.score(HEALTHY + "plainProxy");
        Markdown.Table table = body.table("benchmark", "score", "± error (99.9 %)", "difference to plainProxy");
        for (String name : List.of("direct", "plainProxy", "annotatedProxy")) {
            Optional<Score> score = jmh.score(HEALTHY + name);
            table.row("`" + name + "`", score.map(ResultsWriter::score).orElse(NOT_MEASURED),
                    score.map((s) -> Markdown.number(s.error(), 2)).orElse(""),
                    score.flatMap((s) -> plain.map((p) -> signed(s.score() - p.score()) + " " + s.unit()))
                            .orElse(""));
        }
        table.end();
        Optional<Score> annotated = jmh.score(HEALTHY + "annotatedProxy");
        if (annotated.isPresent() && plain.isPresent()) {
            double difference = annotated.get().score() - plain.get().score();
            target("1", "annotated bean within 5 ns/op of the un-advised proxy",
                    signed(difference) + " ns/op (± " + Markdown.number(annotated.get().error()
                            + plain.get().error(), 2) + ")", difference <= 5);
        }
        else {
            notMeasured("1", "annotated bean within 5 ns/op of the un-advised proxy");
        }
    }

    private void throwingPath(Markdown body) {
        body.heading(2, "2. Throwing path, caller-thread cost (JMH)");
        Optional<Score> bare = jmh.score(THROWING + "bareThrowCatch");
        Markdown.Table table = body.table("benchmark", "score", "± error (99.9 %)", "× bareThrowCatch");
        // plainProxyThrowCatch is no target's: the same throw out of a plain Spring proxy, which splits what any
        // advice costs (Spring's reflective call wraps the exception) from what error-alert adds.
        for (String name : List.of("bareThrowCatch", "plainProxyThrowCatch", "annotatedWithPipeline",
                "sentryCaptureException", "naiveRedisGetSet")) {
            Optional<Score> score = jmh.score(THROWING + name);
            table.row("`" + name + "`", score.map(ResultsWriter::score).orElse(NOT_MEASURED),
                    score.map((s) -> Markdown.number(s.error(), 2)).orElse(""),
                    score.flatMap((s) -> bare.map((b) -> Markdown.number(s.score() / b.score(), 2) + "×"))
                            .orElse(""));
        }
        table.end();
        Optional<Score> annotated = jmh.score(THROWING + "annotatedWithPipeline");
        Optional<Score> sentry = jmh.score(THROWING + "sentryCaptureException");
        if (annotated.isPresent() && bare.isPresent()) {
            double ratio = annotated.get().score() / bare.get().score();
            target("2", "annotated bean with the pipeline at most 1.3× the bare throw+catch",
                    Markdown.number(ratio, 2) + "×", ratio <= 1.3);
        }
        else {
            notMeasured("2", "annotated bean with the pipeline at most 1.3× the bare throw+catch");
        }
        Optional<Score> plainProxy = jmh.score(THROWING + "plainProxyThrowCatch");
        if (annotated.isPresent() && plainProxy.isPresent()) {
            body.paragraph("`annotatedWithPipeline` / `plainProxyThrowCatch` = "
                    + Markdown.number(annotated.get().score() / plainProxy.get().score(), 2)
                    + "×: what error-alert adds to a throw out of any Spring proxy.");
        }
        if (annotated.isPresent() && sentry.isPresent()) {
            double ratio = annotated.get().score() / sentry.get().score();
            body.paragraph("`annotatedWithPipeline` / `sentryCaptureException` = " + Markdown.number(ratio, 3) + ".");
            target("2", "at most one fifth of Sentry's caller-thread cost",
                    Markdown.number(ratio, 3) + " of Sentry's", ratio <= 0.2);
        }
        else {
            notMeasured("2", "at most one fifth of Sentry's caller-thread cost");
        }
    }

    private void storms(Markdown body) {
        body.heading(2, "3. Storm (load driver)");
        JsonElement storms = load == null ? null : load.get("storms");
        if (storms == null || !storms.isJsonArray() || storms.getAsJsonArray().isEmpty()) {
            body.paragraph("Not measured.");
            notMeasured("3", "Redis commands at most fingerprints × flushes");
            notMeasured("3", "Slack requests at most 6 per fingerprint plus coalesced summaries");
            notMeasured("3", "exact totals");
            notMeasured("3", "heap bounded by distinct fingerprints");
            notMeasured("3", "at most 20 Redis round trips a second per instance after the first 2 s");
            notMeasured("3", "Redis commands (scripts' included) at least 30× fewer a second than before #15");
            return;
        }
        body.paragraph("""
                Occurrences thrown from several threads, paced to the target duration, over a fixed set of errors; \
                Redis, PostgreSQL and Slack local. Redis commands are the difference of `INFO commandstats` from the \
                first throw until everything was judged: Redis counts the commands its scripts run too, so the \
                store's round trips are counted apart, by a relay between the application and Redis that \
                counts the commands it sends. The history is read once the repeats the instance counted itself \
                were sent (a suppressed-sync interval after the last throw) and `WriteBack#syncNow` ran. Each variant runs in an application of its own, every setting at its \
                default.""");
        for (JsonElement element : storms.getAsJsonArray()) {
            storm(body, element.getAsJsonObject());
        }
    }

    /** Issue #11's storms in Slack: what the engineer on call receives when many new errors happen at once. */
    private void slackStorms(Markdown body) {
        body.heading(2, "6. Storms in Slack (load driver)");
        JsonElement storms = load == null ? null : load.get("slackStorms");
        if (storms == null || !storms.isJsonArray() || storms.getAsJsonArray().isEmpty()) {
            body.paragraph("Not measured.");
            notMeasured("6", "a storm of new errors: a few messages naming or counting every error");
            return;
        }
        body.paragraph("""
                Distinct new errors thrown within a few seconds from one method, their messages differing by one                 word, into an application with every delivery setting at its default (about one message a second                 after a burst of 3, 500 errors named per 10 minutes, then counted by type and location). An error                 is *named* when its word is on a line of a message's blocks, *counted* when a "N errors, M                 occurrences" line accounts for it. Before #11 (same driver, the lane's queue of 1,000 alerts):                 200 errors gave 16 messages whose lines named no message; 1,000 errors gave 907 messages, the last                 about 15 minutes after the storm, every alert past the queue parked and redelivered one a second.""");
        Markdown.Table table = body.table("errors", "thrown in", "Slack down", "messages", "last message after", "named",
                "named twice", "counted", "every error named or counted", "largest message", "history total",
                "parked");
        for (JsonElement element : storms.getAsJsonArray()) {
            JsonObject storm = element.getAsJsonObject();
            long errors = number(storm, "errors").longValue();
            long messages = number(storm, "messages").longValue();
            double last = number(storm, "secondsToLast").doubleValue();
            boolean accounted = storm.get("everyErrorNamedOrCounted").getAsBoolean();
            long named = number(storm, "named").longValue();
            long twice = number(storm, "namedMoreThanOnce").longValue();
            long history = number(storm, "historyTotal").longValue();
            long outage = number(storm, "outageSeconds").longValue();
            table.row(Markdown.number(errors, 0), seconds(storm, "throwSeconds"), outage == 0 ? "" : outage + " s",
                    Long.toString(messages),
                    Markdown.number(last, 1) + " s", Long.toString(named), Long.toString(twice),
                    text(storm, "counted"), accounted ? "yes" : "**no**",
                    text(storm, "maxBodyChars") + " chars, " + text(storm, "maxBlocks") + " blocks",
                    Markdown.number(history, 0), text(storm, "parked"));
            String item = "6 (" + Markdown.number(errors, 0) + " errors" + (outage == 0 ? "" : ", Slack down "
                    + outage + " s") + ")";
            if (outage > 0) {
                double after = last - outage;
                target(item, "held alerts go out within a few seconds (≤ 10 s) of Slack answering again, each "
                        + "error named once", named + " of " + errors + " named, " + twice + " twice, last "
                        + Markdown.number(after, 1) + " s after Slack answered, " + messages + " messages",
                        named == errors && twice == 0 && after <= 10);
            }
            else if (errors <= 200) {
                target(item, "every error named with its message, ≤ 20 messages, within 60 s",
                        named + " of " + errors + " named, " + messages + " messages, last after "
                                + Markdown.number(last, 1) + " s",
                        named == errors && twice == 0 && messages <= 20 && last <= 60);
            }
            else if (errors <= 1_000) {
                target(item, "every error named or counted, ≤ 30 messages, within 60 s",
                        (accounted ? "all" : "not all") + " named or counted, " + messages + " messages, last after "
                                + Markdown.number(last, 1) + " s",
                        accounted && twice == 0 && messages <= 30 && last <= 60);
            }
            else {
                target(item, "≤ 60 messages within 2 minutes, every occurrence in the history",
                        messages + " messages, last after " + Markdown.number(last, 1) + " s, history "
                                + Markdown.number(history, 0) + " of " + Markdown.number(errors, 0),
                        messages <= 60 && last <= 120 && history == errors);
            }
        }
        table.end();
    }

    private void storm(Markdown body, JsonObject storm) {
        String variant = text(storm, "variant");
        String item = "3 (" + variant + ")";
        long occurrences = number(storm, "occurrences").longValue();
        long fingerprints = number(storm, "fingerprints").longValue();
        JsonObject delivery = storm.getAsJsonObject("delivery");
        JsonObject totals = storm.getAsJsonObject("totals");
        JsonObject heap = storm.getAsJsonObject("heap");
        body.heading(3, "Storm: " + variant + " — " + text(storm, "description"));
        long commands = number(storm, "redisCommandsTotal").longValue();
        long bound = number(storm, "redisCommandBound").longValue();
        long scriptCalls = number(storm, "redisScriptCalls").longValue();
        long eventually = number(delivery, "slackRequestsEventually").longValue();
        long thrown = number(totals, "thrown").longValue();
        long historyTotal = number(totals, "historyTotal").longValue();
        long mismatched = number(totals, "mismatchedFingerprints").longValue();
        double retainedGrowthMb = number(heap, "retainedAfterMb").doubleValue()
                - number(heap, "retainedBeforeMb").doubleValue();
        boolean keptPace = storm.get("keptPace").getAsBoolean();
        body.table("figure", "value")
                .row("occurrences / distinct errors / threads", Markdown.count(occurrences) + " / "
                        + Markdown.count(fingerprints) + " / " + text(storm, "threads"))
                .row("wall time (callers)", seconds(storm, "callersSeconds") + " (target "
                        + seconds(storm, "targetSeconds") + ": " + (keptPace ? "paced" : "as fast as possible, "
                                + "the callers could not keep the pace") + ")")
                .row("until all was judged", seconds(storm, "processedSeconds")
                        + (storm.get("allJudged").getAsBoolean() ? "" : " (**not all judged**)"))
                .row("hand-off overflowed", Markdown.count(number(storm, "overflowed").longValue())
                        + " occurrences (counted per exception type and site)")
                .row("judgements (decisions)", Markdown.count(number(storm, "judgementsTotal").longValue()) + " ("
                        + counts(storm.getAsJsonObject("judgements")) + ")")
                .row("Redis commands", Markdown.count(commands) + ": " + counts(storm.getAsJsonObject("redisCommands")))
                .row("Redis script calls (round trips)", Markdown.count(scriptCalls) + " ("
                        + Markdown.number((double) scriptCalls / occurrences, 4) + " per occurrence)")
                .row("Redis commands of the final write-back", Markdown.count(sum(storm.getAsJsonObject(
                        "writeBackRedisCommands"))))
                .row("Redis round trips (commands the instance sent, counted by its relay)", roundTrips(storm))
                .row("Redis commands and CPU a second", trafficRates(storm))
                .row("alerts sent / most for one error", Markdown.count(number(delivery, "alertsSent").longValue())
                        + " / " + text(totals, "maxAlertsPerFingerprint"))
                .row("Slack requests received", Markdown.count(number(delivery, "slackRequests").longValue())
                        + " within " + seconds(delivery, "drainSeconds") + " after the storm ("
                        + Markdown.count(number(delivery, "slackRequestsWhenSettled").longValue())
                        + " when every alert was delivered or parked"
                        + (delivery.get("allSettled").getAsBoolean() ? "" : ", which did not happen in that time")
                        + ")")
                .row("left: parked messages / queued alerts", Markdown.count(number(delivery, "outboxLeft")
                        .longValue()) + " / " + Markdown.count(number(delivery, "queuedLeft").longValue()))
                .row("Slack requests eventually", Markdown.count(eventually)
                        + " (received + one per parked message + a digest per 40 queued alerts); at "
                        + text(delivery, "messagesPerSecond") + " message/s, the last arrives about "
                        + Markdown.number((eventually - number(delivery, "slackRequests").longValue())
                                / number(delivery, "messagesPerSecond").doubleValue() / 60, 1)
                        + " min after the end of the drain")
                .row("delivery", counts(delivery.getAsJsonObject("messages")))
                .row("history total / thrown", Markdown.count(historyTotal) + " / " + Markdown.count(thrown)
                        + " in " + Markdown.count(number(totals, "historyRows").longValue()) + " rows"
                        + (storm.get("writeBackComplete").getAsBoolean() ? "" : " (**write-back incomplete**)"))
                .row("errors whose total differs", Markdown.count(mismatched) + mismatches(totals))
                .row("heap retained before / after (after full GCs; alerts still queued in the lane included)",
                        text(heap, "retainedBeforeMb") + " / " + text(heap, "retainedAfterMb") + " MiB ("
                                + signed(retainedGrowthMb) + " MiB, " + Markdown.number(retainedGrowthMb * 1024 * 1024
                                        / fingerprints, 0) + " B per error)")
                .row("heap peak (used, garbage included, read every 10 ms)", text(heap, "peakMb") + " of " + text(heap, "maxMb") + " MiB; "
                        + text(heap, "collections") + " collections, " + text(heap, "collectionMillis") + " ms")
                .row("aggregator size at the end", text(heap, "aggregatorSize"))
                .row("CPU by thread (ms)", counts(storm.getAsJsonObject("cpuMillis")))
                .end();
        timeline(body, storm);
        target(item, "Redis commands at most fingerprints × flushes", Markdown.count(commands) + " ≤ "
                + Markdown.count(fingerprints) + " × " + Markdown.count(number(storm, "flushes").longValue()),
                commands <= bound);
        long allowed = 6 * fingerprints;
        stormTrafficTargets(item, variant, storm);
        target(item, "Slack requests at most 6 per fingerprint plus coalesced summaries",
                Markdown.count(eventually) + " ≤ " + Markdown.count(allowed) + "; at most "
                        + text(totals, "maxAlertsPerFingerprint") + " alerts for one error",
                eventually <= allowed && number(totals, "maxAlertsPerFingerprint").longValue() <= 6);
        target(item, "exact totals after the final sync", Markdown.count(historyTotal) + " of "
                + Markdown.count(thrown), historyTotal == thrown && storm.get("writeBackComplete").getAsBoolean());
        target(item, "exact totals per error", Markdown.count(mismatched) + " of " + Markdown.count(fingerprints)
                + " errors differ", mismatched == 0 && historyTotal == thrown);
        target(item, "heap bounded by distinct fingerprints (retained growth at most " + HEAP_BYTES_PER_ERROR / 1024
                + " KiB per error)", signed(retainedGrowthMb) + " MiB retained ("
                        + Markdown.number(retainedGrowthMb * 1024 / fingerprints, 1) + " KiB per error, "
                        + Markdown.number(retainedGrowthMb * 1024 * 1024 / occurrences, 1) + " B per occurrence), peak "
                        + text(heap, "peakMb") + " MiB",
                retainedGrowthMb * 1024 * 1024 <= (double) HEAP_BYTES_PER_ERROR * fingerprints);
    }

    private static String roundTrips(JsonObject storm) {
        JsonObject traffic = object(storm, "redisTraffic");
        if (traffic == null) {
            return NOT_MEASURED;
        }
        JsonObject steady = object(storm, "redisTrafficAfterTwoSeconds");
        return Markdown.count(number(traffic, "roundTripsTotal").longValue()) + " ("
                + counts(traffic.getAsJsonObject("roundTrips")) + "); "
                + (steady == null ? "the storm was shorter than 2 s"
                        : Markdown.number(number(steady, "roundTripsPerSecondPerInstance").doubleValue(), 1)
                                + " a second after the first 2 s (" + Markdown.count(number(steady,
                                        "roundTripsTotal").longValue()) + " in " + seconds(steady, "seconds") + ")");
    }

    private static String trafficRates(JsonObject storm) {
        JsonObject traffic = object(storm, "redisTraffic");
        if (traffic == null) {
            return NOT_MEASURED;
        }
        return Markdown.count(Math.round(number(traffic, "commandsPerSecond").doubleValue())) + " commands ("
                + Markdown.count(Math.round(number(traffic, "scriptCallsPerSecond").doubleValue()))
                + " script calls); Redis's CPU " + Markdown.number(number(traffic, "redisCores").doubleValue(), 3)
                + " cores (" + Markdown.number(number(traffic, "redisCpuSeconds").doubleValue(), 2) + " s in "
                + seconds(traffic, "seconds") + ")";
    }

    /** #15's targets for the storm: round trips after the first 2 s, commands against the figure before. */
    private void stormTrafficTargets(String item, String variant, JsonObject storm) {
        JsonObject traffic = object(storm, "redisTraffic");
        JsonObject steady = object(storm, "redisTrafficAfterTwoSeconds");
        String roundTrips = "at most 20 Redis round trips a second per instance after the first 2 s";
        if (steady == null) {
            notMeasured(item, roundTrips);
        }
        else {
            double perSecond = number(steady, "roundTripsPerSecondPerInstance").doubleValue();
            target(item, roundTrips, Markdown.number(perSecond, 1) + " a second (" + Markdown.count(number(steady,
                    "roundTripsTotal").longValue()) + " in " + seconds(steady, "seconds") + ")", perSecond <= 20);
        }
        double[] before = COMMANDS_AND_SCRIPTS_PER_SECOND_BEFORE.get(variant);
        String fewer = "Redis commands (scripts' included) at least 30× fewer a second than before #15";
        if (traffic == null || before == null) {
            notMeasured(item, fewer);
            return;
        }
        double perSecond = number(traffic, "commandsPerSecond").doubleValue();
        double ratio = before[0] / Math.max(perSecond, 1e-9);
        target(item, fewer, Markdown.count(Math.round(perSecond)) + " a second against "
                + Markdown.count(Math.round(before[0])) + " (" + Markdown.number(ratio, 1) + "× fewer); script calls "
                + Markdown.count(Math.round(number(traffic, "scriptCallsPerSecond").doubleValue())) + " against "
                + Markdown.count(Math.round(before[1])) + " a second" + (steady == null ? "" : "; after the first 2 s "
                        + Markdown.count(Math.round(number(steady, "commandsPerSecond").doubleValue())) + " a second"),
                ratio >= 30);
    }

    /** #15's hot error: one instance idle, then one error about a thousand times a second. */
    private void hotError(Markdown body) {
        body.heading(2, "7. Hot error: Redis traffic of one error thrown a thousand times a second (load driver)");
        JsonObject hot = object(load, "hotError");
        String name = "one error at ~1,000 a second: at most 2 Redis script calls a second above idle";
        if (hot == null) {
            body.paragraph("Not measured.");
            notMeasured("7", name);
            return;
        }
        JsonObject idle = hot.getAsJsonObject("idle");
        JsonObject busy = hot.getAsJsonObject("hot");
        body.paragraph("One booted application (the starter's wiring, every setting at its default), its Redis "
                + "connection through a relay that counts the commands it sends (round trips: Redis's own "
                + "statistics also count every command a script runs). Watched idle first — its housekeeping: "
                + "write-back claims, quiet checks over the 16 buckets, mutes — then one error thrown "
                + text(hot, "targetPerSecond") + " times a second from one thread; suppressed-sync interval "
                + text(hot, "suppressedSyncSeconds") + " s. Before #15: one error thrown ~860 times a second for "
                + "20 s made 146 script calls a second; the housekeeping about 3.2 script calls and 5 other "
                + "commands a second.");
        Markdown.Table table = body.table("phase", "length", "thrown", "script calls / s", "other commands / s "
                + "(scripts' included)", "round trips / s (scripts + other)", "Redis CPU (cores)",
                "commands (`INFO commandstats`)");
        for (JsonObject[] phase : List.of(new JsonObject[] { idle, null }, new JsonObject[] { busy, hot })) {
            JsonObject window = phase[0];
            table.row(phase[1] == null ? "idle" : "hot error", seconds(window, "seconds"),
                    phase[1] == null ? "0" : Markdown.count(number(hot, "thrown").longValue()),
                    Markdown.number(number(window, "scriptCallsPerSecond").doubleValue(), 2),
                    Markdown.number(number(window, "otherCommandsPerSecond").doubleValue(), 2),
                    Markdown.number(number(window, "roundTripsPerSecondPerInstance").doubleValue(), 2) + " ("
                            + Markdown.number(number(window, "scriptRoundTripsPerSecondPerInstance").doubleValue(), 2)
                            + " + " + Markdown.number(number(window, "otherRoundTripsPerSecondPerInstance")
                                    .doubleValue(), 2) + ")",
                    Markdown.number(number(window, "redisCores").doubleValue(), 4),
                    counts(window.getAsJsonObject("redisCommands")));
        }
        table.end();
        double above = number(hot, "scriptCallsPerSecondAboveIdle").doubleValue();
        body.paragraph("Alerts for the error: " + text(hot, "alertsSent") + "; all judged: "
                + (hot.get("allJudged").getAsBoolean() ? "yes" : "**no**") + ".");
        target("7", name, Markdown.number(number(busy, "scriptCallsPerSecond").doubleValue(), 2) + " − "
                + Markdown.number(number(idle, "scriptCallsPerSecond").doubleValue(), 2) + " = "
                + Markdown.number(above, 2) + " a second (other commands " + Markdown.number(number(hot,
                        "otherCommandsPerSecondAboveIdle").doubleValue(), 2) + " a second above idle)", above <= 2);
    }

    /** #15's fleet: booted applications against one Redis through the storm, projected to 1,000 instances. */
    private void fleet(Markdown body) {
        body.heading(2, "8. Fleet: Redis's own CPU per instance in the storm (load driver)");
        JsonObject fleet = object(load, "fleet");
        String name = "a fleet of 1,000 in the 1,000-error storm under one Redis core (Redis CPU per instance × 1,000)";
        if (fleet == null) {
            body.paragraph("Not measured.");
            notMeasured("8", name);
            return;
        }
        long instances = number(fleet, "instances").longValue();
        body.paragraph(instances + " booted applications in one JVM (the starter's wiring, every setting at its "
                + "default but a pool of 2 database connections each), so each has its own pipeline, store instance "
                + "(its own write-back id) and Redis connection, through a relay of its own that counts its round "
                + "trips; one Redis. Watched idle first, then every instance throws the same "
                + text(fleet, "errors") + " errors, " + Markdown.count(number(fleet, "occurrencesPerInstance")
                        .longValue()) + " occurrences each in " + seconds(fleet, "targetSeconds") + " (two cores "
                + "cannot throw the storm's million per instance; once an error is suppressed its repeats are "
                + "counted locally whatever their rate). Redis's CPU is `INFO cpu` (used_cpu_sys + used_cpu_user) "
                + "over the window's wall time; the projection is linear: cores per instance × 1,000. Booting took "
                + seconds(fleet, "bootSeconds") + "; the callers took " + seconds(fleet, "callersSeconds")
                + "; all judged: " + (fleet.get("allJudged").getAsBoolean() ? "yes" : "**no**") + "; alerts "
                + Markdown.count(number(fleet, "alertsSent").longValue()) + "; judgements by the store that decided: "
                + counts(object(fleet, "judgements")) + " (any but Redis: an instance found Redis slower than its "
                + "command timeout and fell to the database, which spares Redis).");
        Markdown.Table table = body.table("window", "length", "Redis CPU (cores)", "per instance",
                "a fleet of 1,000", "commands / s per instance (scripts' included)",
                "round trips / s per instance (scripts + other)", "commands (`INFO commandstats`)");
        fleetRow(table, "idle", object(fleet, "idle"), fleet.get("projectedIdleCores"));
        fleetRow(table, "storm, from the first throw until all was judged", object(fleet, "storm"),
                fleet.get("projectedStormCores"));
        fleetRow(table, "storm after its first 2 s", object(fleet, "afterTwoSeconds"),
                fleet.get("projectedSteadyCores"));
        table.end();
        double projected = number(fleet, "projectedStormCores").doubleValue();
        JsonObject storm = fleet.getAsJsonObject("storm");
        JsonObject judgements = object(fleet, "judgements");
        long elsewhere = judgements == null ? 0 : judgements.entrySet().stream()
                .filter((entry) -> !entry.getKey().equals("redis")).mapToLong((entry) -> entry.getValue().getAsLong())
                .sum();
        target("8", name, Markdown.number(projected, 2) + " cores (" + instances + " instances: "
                + Markdown.number(number(storm, "redisCores").doubleValue(), 3) + " cores, "
                + Markdown.number(number(storm, "commandsPerSecondPerInstance").doubleValue(), 0)
                + " commands and " + Markdown.number(number(storm, "roundTripsPerSecondPerInstance").doubleValue(), 1)
                + " round trips a second per instance)" + (elsewhere == 0 ? "" : "; **" + Markdown.count(elsewhere)
                        + " judgements fell past Redis (the machine too busy for its command timeout): Redis was "
                        + "spared, the figure is flattered**"), projected < 1);
    }

    private static void fleetRow(Markdown.Table table, String name, @Nullable JsonObject window,
            @Nullable JsonElement projected) {
        if (window == null) {
            table.row(name, NOT_MEASURED, "", "", "", "", "", "");
            return;
        }
        table.row(name, seconds(window, "seconds"), Markdown.number(number(window, "redisCores").doubleValue(), 4),
                Markdown.number(number(window, "redisCoresPerInstance").doubleValue(), 6),
                projected == null || projected.isJsonNull() ? "" : Markdown.number(projected.getAsDouble(), 2),
                Markdown.number(number(window, "commandsPerSecondPerInstance").doubleValue(), 1),
                Markdown.number(number(window, "roundTripsPerSecondPerInstance").doubleValue(), 2) + " ("
                        + Markdown.number(number(window, "scriptRoundTripsPerSecondPerInstance").doubleValue(), 2)
                        + " + " + Markdown.number(number(window, "otherRoundTripsPerSecondPerInstance")
                                .doubleValue(), 2) + ")",
                counts(window.getAsJsonObject("redisCommands")));
    }

    private static void timeline(Markdown body, JsonObject storm) {
        JsonElement timeline = storm.get("timeline");
        if (timeline == null || !timeline.isJsonArray() || timeline.getAsJsonArray().isEmpty()) {
            return;
        }
        body.paragraph("How it went (cumulative, from the first throw):");
        Markdown.Table table = body.table("s", "captured", "overflowed", "judged", "alerts sent", "Slack requests",
                "Redis round trips");
        List<JsonElement> ticks = timeline.getAsJsonArray().asList();
        // At most about 30 rows: every n-th tick, and always the last.
        int every = Math.max(1, (ticks.size() + 29) / 30);
        for (int i = 0; i < ticks.size(); i++) {
            if (i % every != 0 && i != ticks.size() - 1) {
                continue;
            }
            JsonObject tick = ticks.get(i).getAsJsonObject();
            table.row(text(tick, "seconds"), Markdown.count(number(tick, "captured").longValue()),
                    Markdown.count(number(tick, "overflowed").longValue()),
                    Markdown.count(number(tick, "judged").longValue()),
                    Markdown.count(number(tick, "alertsSent").longValue()), text(tick, "slackRequests"),
                    tick.has("redisRoundTrips") ? Markdown.count(number(tick, "redisRoundTrips").longValue()) : "");
        }
        table.end();
    }

    private void latency(Markdown body) {
        body.heading(2, "4. Latency from throw to Slack request (load driver)");
        JsonElement paths = load == null ? null : load.get("latency");
        if (paths == null || !paths.isJsonArray() || paths.getAsJsonArray().isEmpty()) {
            body.paragraph("Not measured.");
            notMeasured("4", "p99 under 100 ms on the Redis path");
            notMeasured("4", "p99 under 100 ms on the JDBC path");
            return;
        }
        JsonObject settings = object(load, "latencySettings");
        body.paragraph("Distinct new errors thrown one at a time, each timed from just before the throw to the "
                + "arrival of the Slack request that carries it at the local webhook. Slack's pace is raised to "
                + (settings == null ? "?" : text(settings, "messagesPerSecond")) + " messages/s with a burst of "
                + (settings == null ? "?" : text(settings, "burst")) + ", so that what is timed is the pipeline, not "
                + "the pace (by default a burst of 3, then 1 message/s, coalescing the rest into digests). Redis is "
                + "then stopped (its circuit is open by the time the JDBC path is measured), then PostgreSQL; the "
                + "pool's connection timeout is " + (settings == null ? "?" : text(settings,
                        "poolConnectionTimeoutMs")) + " ms, see the notes. A digest names its errors by fingerprint "
                + "only: they are placed by the order thrown, checked against the single alerts around them.");
        Markdown.Table table = body.table("path", "errors", "received", "p50 ms", "p95 ms", "p99 ms", "max ms",
                "mean ms", "decided by", "decision p99 / max ms (> 50 ms)", "requests (digests)");
        for (JsonElement element : paths.getAsJsonArray()) {
            JsonObject path = element.getAsJsonObject();
            table.row(text(path, "path"), text(path, "errors"), text(path, "received"), text(path, "p50Ms"),
                    text(path, "p95Ms"), text(path, "p99Ms"), text(path, "maxMs"), text(path, "meanMs"),
                    counts(path.getAsJsonObject("decidedBy")), text(path, "decisionP99Ms") + " / "
                            + text(path, "decisionMaxMs") + " (" + text(path, "slowDecisions") + ")",
                    text(path, "slackRequests") + " ("
                            + text(path, "digests") + ")" + (number(path, "outOfOrder").longValue() > 0
                                    ? ", " + text(path, "outOfOrder") + " out of order" : ""));
        }
        table.end();
        for (String store : List.of("redis", "jdbc")) {
            String name = "p99 under 100 ms on the " + (store.equals("redis") ? "Redis" : "JDBC") + " path";
            Optional<JsonObject> path = paths.getAsJsonArray().asList().stream().map(JsonElement::getAsJsonObject)
                    .filter((one) -> text(one, "path").equals(store)).findFirst();
            if (path.isEmpty() || path.get().get("p99Ms").isJsonNull()) {
                notMeasured("4", name);
                continue;
            }
            double p99 = number(path.get(), "p99Ms").doubleValue();
            long received = number(path.get(), "received").longValue();
            long errors = number(path.get(), "errors").longValue();
            target("4", name, Markdown.number(p99, 1) + " ms" + (received < errors ? " (" + (errors - received)
                    + " of " + errors + " never arrived)" : ""), p99 < 100 && received == errors);
        }
    }

    private void fallback(Markdown body) {
        body.heading(2, "5. Fallback cost: the decision when Redis goes away (load driver)");
        JsonElement scenarios = load == null ? null : load.get("fallback");
        if (scenarios == null || !scenarios.isJsonArray() || scenarios.getAsJsonArray().isEmpty()) {
            body.paragraph("Not measured.");
            notMeasured("5", "first decision bounded by the command timeout, once");
            return;
        }
        body.paragraph("Timed at the decider (the observer's `Judgement.took()`: the chain's time, fall-through "
                + "included), never on the caller's thread, which does not wait for a store. Redis is warmed by "
                + "the latency run first; then it hangs (every client paused with `CLIENT PAUSE`) or its process "
                + "stops, and new errors follow 20 ms apart. \"First\" may be bounded by the command timeout plus "
                + "the next store's decision; the following ones must not pay the timeout (the circuit is open).");
        Markdown.Table table = body.table("scenario", "command timeout", "first (ms)", "first decided by",
                "following", "following p50 / p99 / max (ms)", "following decided by", "Redis decides again after");
        for (JsonElement element : scenarios.getAsJsonArray()) {
            JsonObject scenario = element.getAsJsonObject();
            table.row(text(scenario, "scenario"), text(scenario, "commandTimeoutMs") + " ms",
                    text(scenario, "firstMs"), text(scenario, "firstDecidedBy"), text(scenario, "following"),
                    text(scenario, "followingP50Ms") + " / " + text(scenario, "followingP99Ms") + " / "
                            + text(scenario, "followingMaxMs"),
                    counts(scenario.getAsJsonObject("followingDecidedBy")),
                    scenario.get("redisBackAfterMs").isJsonNull() ? ""
                            : Markdown.number(number(scenario, "redisBackAfterMs").doubleValue() / 1000, 1) + " s");
            if (scenario.get("firstMs").isJsonNull()) {
                notMeasured("5", text(scenario, "scenario") + ": first decision");
                continue;
            }
            double timeout = number(scenario, "commandTimeoutMs").doubleValue();
            double first = number(scenario, "firstMs").doubleValue();
            target("5 (" + text(scenario, "scenario") + ")", "first decision bounded by the command timeout, once ("
                    + "≤ 1.5 × " + Markdown.number(timeout, 0) + " ms)", Markdown.number(first, 1) + " ms",
                    first <= 1.5 * timeout);
            if (!scenario.get("followingMaxMs").isJsonNull()) {
                double slowest = number(scenario, "followingMaxMs").doubleValue();
                target("5 (" + text(scenario, "scenario") + ")", "the following pay no timeout (each < "
                        + Markdown.number(timeout, 0) + " ms)", "slowest " + Markdown.number(slowest, 1) + " ms",
                        slowest < timeout);
            }
        }
        table.end();
    }

    /** Not an item of the benchmark issue: what the Spring MVC capture point costs a failing request. */
    private void unhandledController(Markdown body) {
        body.heading(2, "Capture points: an unannotated controller's failure (JMH)");
        Optional<Score> off = jmh.score(CONTROLLER + "failingRequestWithoutCapture");
        Markdown.Table table = body.table("benchmark", "score", "± error (99.9 %)", "× without capture");
        for (String name : List.of("failingRequestWithoutCapture", "failingRequestWithMvcCapture")) {
            Optional<Score> score = jmh.score(CONTROLLER + name);
            table.row("`" + name + "`", score.map(ResultsWriter::score).orElse(NOT_MEASURED),
                    score.map((s) -> Markdown.number(s.error(), 2)).orElse(""),
                    score.flatMap((s) -> off.map((b) -> Markdown.number(s.score() / b.score(), 2) + "×"))
                            .orElse(""));
        }
        table.end();
    }

    private void target(String item, String target, String measured, boolean met) {
        targets.add(new Target(item, target, measured, met ? MET : MISSED));
    }

    private void notMeasured(String item, String target) {
        targets.add(new Target(item, target, "", NOT_MEASURED));
    }

    private static String score(Score score) {
        return Markdown.number(score.score(), 2) + " " + score.unit() + " (" + score.mode() + ")";
    }

    private static String signed(double value) {
        return (value >= 0 ? "+" : "") + Markdown.number(value, 2);
    }

    private static String seconds(JsonObject object, String field) {
        return Markdown.number(number(object, field).doubleValue(), 2) + " s";
    }

    private static String mismatches(JsonObject totals) {
        List<String> examples = totals.getAsJsonArray("mismatches").asList().stream().map(JsonElement::getAsString)
                .limit(3).toList();
        long unmatched = number(totals, "unmatched").longValue();
        return (examples.isEmpty() ? "" : " (e.g. " + String.join("; ", examples) + ")")
                + (unmatched > 0 ? "; " + Markdown.count(unmatched) + " in rows naming no thrown error" : "");
    }

    /** {@code a 12, b 3}: the counts of a JSON object, in its order. */
    private static String counts(@Nullable JsonObject counts) {
        if (counts == null || counts.isEmpty()) {
            return "–";
        }
        return counts.entrySet().stream().map((entry) -> entry.getKey() + " " + (entry.getValue().isJsonPrimitive()
                && entry.getValue().getAsJsonPrimitive().isNumber()
                        ? Markdown.count(entry.getValue().getAsLong()) : entry.getValue().toString()))
                .collect(Collectors.joining(", "));
    }

    private static long sum(JsonObject counts) {
        return counts.entrySet().stream().mapToLong((entry) -> entry.getValue().getAsLong()).sum();
    }

    private static Number number(JsonObject object, String field) {
        return object.get(field).getAsNumber();
    }

    private static String text(JsonObject object, String field) {
        JsonElement value = object.get(field);
        if (value == null || value.isJsonNull()) {
            return "–";
        }
        return value.isJsonPrimitive() ? value.getAsString() : value.toString();
    }

    private static String list(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value == null || !value.isJsonArray() ? "" : value.getAsJsonArray().asList().stream()
                .map(JsonElement::getAsString).collect(Collectors.joining(" "));
    }

    private static @Nullable JsonObject object(@Nullable JsonObject parent, String field) {
        if (parent == null || !parent.has(field) || !parent.get(field).isJsonObject()) {
            return null;
        }
        return parent.getAsJsonObject(field);
    }

    /** The version in a dependency's {@code pom.properties}, which the shaded jar keeps. */
    private static String pomVersion(String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = ResultsWriter.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        }
        catch (IOException ex) {
            return "unknown";
        }
    }

    /** One target of the issue, with what was measured and whether it was met. */
    private record Target(String item, String target, String measured, String verdict) {
    }
}
