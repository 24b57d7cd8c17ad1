package dev.erroralert.benchmarks.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.erroralert.benchmarks.load.FailingService.QuoteUnavailable;
import dev.erroralert.history.HistoryEntry;

/**
 * Item 6, storms in Slack: {@code errors} distinct new errors thrown within a few seconds from one method, their
 * messages differing by one word, into an application with every delivery setting at its default; counts the Slack
 * messages that arrive, the time to the last, whether every error was named (its word on a line) or counted (in a
 * "N errors, M occurrences" line), how large the largest message was, and whether the history holds every
 * occurrence.
 */
final class SlackStorm {

    /** A line naming an error: its excerpt holds the product's word. */
    private static final Pattern NAMED = Pattern.compile("product ([g-z]{5})\\b");

    /** A counted line: "• QuoteUnavailable in FailingService#quote — 812 errors, 4,061 occurrences". */
    private static final Pattern COUNTED = Pattern.compile("• [^\\n]* — ([\\d,]+) errors?, [\\d,]+ occurrences?");

    private final int errors;
    private final int offset;
    private final double throwSeconds;
    private final Duration deadline;
    private final Duration outage;

    /**
     * @param offset where this storm's words start, so that storms of one run never share an error
     * @param deadline how long after the first throw the driver waits for Slack to name or count every error
     * @param outage how long Slack refuses every request (503) from the first throw; zero for none
     */
    SlackStorm(int errors, int offset, double throwSeconds, Duration deadline, Duration outage) {
        this.errors = errors;
        this.offset = offset;
        this.throwSeconds = throwSeconds;
        this.deadline = deadline;
        this.outage = outage;
    }

    SlackStormResult run(LoadApplication.Running app, SlackRecorder slack) {
        int before = slack.count();
        String[] words = new String[errors];
        if (!outage.isZero()) {
            slack.outageFor(outage);
        }
        long started = System.nanoTime();
        long spreadNanos = (long) (throwSeconds * 1e9);
        for (int i = 0; i < errors; i++) {
            words[i] = Words.word(offset + i, 5);
            long due = started + spreadNanos * i / errors;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            try {
                app.service().quote(words[i]);
            }
            catch (QuoteUnavailable expected) {
                // judged in the background
            }
        }
        double thrownSeconds = (System.nanoTime() - started) / 1e9;
        long deadlineNanos = started + deadline.toNanos();
        Tally tally = new Tally(words);
        while (System.nanoTime() - deadlineNanos < 0) {
            tally = Tally.of(words, slack.requests().subList(before, slack.count()));
            if (tally.accountedFor() >= errors) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        // Anything still on its way (a last summary) arrives within a few paced seconds.
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
        List<SlackRecorder.Request> requests = slack.requests().subList(before, slack.count());
        tally = Tally.of(words, requests);
        double secondsToLast = requests.isEmpty() ? 0
                : (requests.get(requests.size() - 1).arrivedAtNanos() - started) / 1e9;
        app.awaitJudged(Duration.ofSeconds(30));
        app.writeBack().syncNow();
        long historyTotal = 0;
        for (HistoryEntry entry : app.history().top(Integer.MAX_VALUE, 0)) {
            String message = entry.details() == null ? null : entry.details().sampleMessage();
            Matcher matcher = NAMED.matcher(message == null ? "" : message);
            if (matcher.find() && tally.isOurs(matcher.group(1))) {
                historyTotal += entry.totalCount();
            }
        }
        return new SlackStormResult(errors, round(thrownSeconds), outage.toSeconds(), requests.size(),
                round(secondsToLast), tally.named, tally.namedTwice, tally.counted, tally.accountedFor() >= errors,
                tally.maxBodyChars, tally.maxBlocks, historyTotal, app.delivery().stats().parked());
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** What the messages say of the storm's errors. */
    private static final class Tally {

        private final Map<String, Integer> timesNamed = new HashMap<>();
        private long named;
        private long namedTwice;
        private long counted;
        private int maxBodyChars;
        private int maxBlocks;

        Tally(String[] words) {
            for (String word : words) {
                timesNamed.put(word, 0);
            }
        }

        static Tally of(String[] words, List<SlackRecorder.Request> requests) {
            Tally tally = new Tally(words);
            for (SlackRecorder.Request request : requests) {
                tally.add(request.body());
            }
            return tally;
        }

        boolean isOurs(String word) {
            return timesNamed.containsKey(word);
        }

        long accountedFor() {
            return named + counted;
        }

        private void add(String body) {
            maxBodyChars = Math.max(maxBodyChars, body.length());
            JsonObject payload = JsonParser.parseString(body).getAsJsonObject();
            StringBuilder text = new StringBuilder();
            int blocks = 0;
            for (JsonElement block : payload.getAsJsonArray("blocks")) {
                blocks++;
                JsonObject object = block.getAsJsonObject();
                JsonObject textObject = object.has("text") ? object.getAsJsonObject("text")
                        : object.getAsJsonArray("elements").get(0).getAsJsonObject();
                text.append(textObject.get("text").getAsString()).append('\n');
            }
            maxBlocks = Math.max(maxBlocks, blocks);
            Matcher names = NAMED.matcher(text);
            while (names.find()) {
                Integer times = timesNamed.get(names.group(1));
                if (times != null) {
                    timesNamed.put(names.group(1), times + 1);
                    if (times == 0) {
                        named++;
                    }
                    else if (times == 1) {
                        namedTwice++;
                    }
                }
            }
            Matcher counts = COUNTED.matcher(text);
            while (counts.find()) {
                counted += Long.parseLong(counts.group(1).replace(",", ""));
            }
        }
    }

    /**
     * One storm size's figures.
     *
     * @param errors distinct new errors thrown
     * @param throwSeconds how long throwing them took
     * @param outageSeconds how long Slack refused every request from the first throw (0: no outage)
     * @param messages Slack messages that arrived (not counting those an outage refused)
     * @param secondsToLast from the first throw to the last message's arrival
     * @param named errors named on a line of their own
     * @param namedMoreThanOnce errors named on more than one line (one error should be one line)
     * @param counted errors counted by type and location
     * @param everyErrorNamedOrCounted whether named and counted account for every error
     * @param maxBodyChars the largest message's JSON body
     * @param maxBlocks the most blocks in one message
     * @param historyTotal occurrences of the storm's errors in the history (one each)
     * @param parked messages parked in the outbox (none is expected while Slack answers)
     */
    record SlackStormResult(int errors, double throwSeconds, long outageSeconds, int messages, double secondsToLast, long named,
            long namedMoreThanOnce, long counted, boolean everyErrorNamedOrCounted, int maxBodyChars, int maxBlocks,
            long historyTotal, long parked) {
    }
}
