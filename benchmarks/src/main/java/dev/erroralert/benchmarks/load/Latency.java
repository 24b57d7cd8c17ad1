package dev.erroralert.benchmarks.load;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.erroralert.benchmarks.load.FailingService.QuoteUnavailable;
import org.jspecify.annotations.Nullable;

/**
 * Item 4, one path of the chain: distinct new errors thrown one at a time, spaced apart, each timed from the throw
 * to the arrival of the Slack request that carries it. Each error's message holds a word of its own, which finds it
 * in a single alert's body; a digest (several alerts coalesced) is read by order, see {@link #arrivals}.
 */
final class Latency {

    private static final Pattern PRODUCT = Pattern.compile("product (q[a-z]{5})");

    /** A digest's header: "7 new errors in the last 5 s". */
    private static final Pattern DIGEST = Pattern.compile("(\\d+) (?:new )?errors in the last ");

    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(60);

    /** A decision slower than this holds up the new errors behind it noticeably (they come 20 ms apart). */
    private static final long SLOW_DECISION_NANOS = Duration.ofMillis(50).toNanos();

    private Latency() {
    }

    /** The word of the {@code index}-th error of a run tagged {@code tag} (one letter from g to z). */
    static String product(char tag, int index) {
        return "q" + tag + Words.word(index, 4);
    }

    /**
     * Throw {@code errors} new errors {@code spacing} apart and wait for each to reach Slack.
     *
     * @param path what is measured: {@code redis}, {@code jdbc}, {@code direct}, or a warm-up
     * @param tag a letter from g to z no other run of this application uses
     */
    static LatencyResult run(LoadApplication.Running app, SlackRecorder slack, String path, char tag, int errors,
            Duration spacing) {
        Map<String, Long> judgementsBefore = app.judgements().judgements();
        app.judgements().record(QuoteUnavailable.class);
        int slackBefore = slack.count();
        Map<String, Integer> indexOf = new HashMap<>();
        long[] thrownAt = new long[errors];
        long started = System.nanoTime();
        for (int i = 0; i < errors; i++) {
            String product = product(tag, i);
            indexOf.put(product, i);
            long due = started + i * spacing.toNanos();
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            thrownAt[i] = System.nanoTime();
            try {
                app.service().quote(product);
            }
            catch (QuoteUnavailable expected) {
                // The advice has handed it to the pipeline: from here on the clock runs until Slack has it.
            }
        }
        long[] arrivedAt = new long[errors];
        int[] received = new int[1];
        int[] outOfOrder = new int[1];
        LoadApplication.await(ARRIVAL_TIMEOUT, () -> {
            received[0] = arrivals(slack.requests(), slackBefore, indexOf, arrivedAt, outOfOrder);
            return received[0] == errors;
        });
        app.awaitJudged(Duration.ofSeconds(10));
        long[] decisions = app.judgements().entries().stream().mapToLong(JudgementLog.Entry::tookNanos).sorted()
                .toArray();
        long[] latencies = new long[received[0]];
        int n = 0;
        for (int i = 0; i < errors; i++) {
            if (arrivedAt[i] != 0) {
                latencies[n++] = arrivedAt[i] - thrownAt[i];
            }
        }
        Arrays.sort(latencies);
        return new LatencyResult(path, errors, spacing.toMillis(), received[0], slack.count() - slackBefore,
                digested(slack.requests(), slackBefore), outOfOrder[0],
                percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                latencies.length == 0 ? null : millis(latencies[latencies.length - 1]),
                latencies.length == 0 ? null : millis((long) Arrays.stream(latencies).average().orElse(0)),
                Counts.since(judgementsBefore, app.judgements().judgements()), percentile(decisions, 99),
                decisions.length == 0 ? null : millis(decisions[decisions.length - 1]),
                Arrays.stream(decisions).filter((took) -> took > SLOW_DECISION_NANOS).count());
    }

    /**
     * Note in {@code arrivedAt} when each error reached Slack; how many have. A single alert names its error by the
     * message's word. A digest names its errors by fingerprint only, so they are placed by order: errors are new and
     * thrown one after another, so the decider judges them, and the lane sends them, in the order thrown. Every
     * single alert checks that order; {@code outOfOrder[0]} counts those that found it broken.
     */
    private static int arrivals(List<SlackRecorder.Request> requests, int from, Map<String, Integer> indexOf,
            long[] arrivedAt, int[] outOfOrder) {
        Arrays.fill(arrivedAt, 0);
        outOfOrder[0] = 0;
        int found = 0;
        int next = 0;
        for (SlackRecorder.Request request : requests.subList(from, requests.size())) {
            String text = fallbackText(request.body());
            Matcher single = PRODUCT.matcher(text);
            Matcher digest = DIGEST.matcher(text);
            int first;
            int count;
            if (single.find() && indexOf.containsKey(single.group(1))) {
                first = indexOf.get(single.group(1));
                count = 1;
                if (first != next) {
                    outOfOrder[0]++;
                }
            }
            else if (digest.lookingAt()) {
                first = next;
                count = Integer.parseInt(digest.group(1));
            }
            else {
                continue;
            }
            for (int i = first; i < Math.min(first + count, arrivedAt.length); i++) {
                if (arrivedAt[i] == 0) {
                    arrivedAt[i] = request.arrivedAtNanos();
                    found++;
                }
            }
            next = first + count;
        }
        return found;
    }

    /** The message's plain-text fallback: the single alert's headline with its message, or the digest's header. */
    private static String fallbackText(String body) {
        try {
            JsonElement text = JsonParser.parseString(body).getAsJsonObject().get("text");
            return text == null ? "" : text.getAsString();
        }
        catch (RuntimeException ex) {
            return "";
        }
    }

    /** How many of the requests since {@code from} were digests. */
    private static int digested(List<SlackRecorder.Request> requests, int from) {
        return (int) requests.subList(from, requests.size()).stream()
                .filter((request) -> DIGEST.matcher(fallbackText(request.body())).lookingAt()).count();
    }

    /** The nearest-rank percentile of sorted nanoseconds, in milliseconds; {@code null} when there are none. */
    static @Nullable Double percentile(long[] sortedNanos, double percent) {
        if (sortedNanos.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100 * sortedNanos.length);
        return millis(sortedNanos[Math.max(0, rank - 1)]);
    }

    static double millis(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    /**
     * One path's latency from throw to Slack request, in milliseconds.
     *
     * @param path {@code redis}, {@code jdbc} or {@code direct} (the store that was meant to decide)
     * @param errors new errors thrown
     * @param spacingMs time between two throws
     * @param received errors whose request reached Slack within the driver's patience
     * @param slackRequests requests Slack received during the run
     * @param digests how many of them were digests, whose errors are placed by order
     * @param outOfOrder single alerts that arrived out of the order thrown (placing by order is then unsure)
     * @param p50Ms median
     * @param p95Ms 95th percentile
     * @param p99Ms 99th percentile
     * @param maxMs slowest
     * @param meanMs mean
     * @param decidedBy judgements during the run, by the store that decided
     * @param decisionP99Ms the 99th percentile of the decider's time per judgement (the chain's, fall-through
     *     included): what the throw-to-Slack time owes to the stores
     * @param decisionMaxMs the slowest judgement
     * @param slowDecisions judgements that took more than 50 ms (a store timing out, or probed after its cool-down)
     */
    record LatencyResult(String path, int errors, long spacingMs, int received, int slackRequests, int digests,
            int outOfOrder,
            @Nullable Double p50Ms, @Nullable Double p95Ms, @Nullable Double p99Ms, @Nullable Double maxMs,
            @Nullable Double meanMs, Map<String, Long> decidedBy, @Nullable Double decisionP99Ms,
            @Nullable Double decisionMaxMs, long slowDecisions) {
    }
}
