package dev.erroralert.spring;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.pipeline.Reminders;
import dev.erroralert.spring.Fleet.Instance;
import dev.erroralert.testsupport.SlackStandIn;
import dev.erroralert.testsupport.SlackStandIn.Answer;
import dev.erroralert.testsupport.SlackStandIn.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reminders of an error that keeps occurring past its cap, with two booted instances on one Redis, both throwing it
 * and both looking ten times a second for a reminder due: one reminder arrives per interval, counted across the
 * fleet, and none once the error went quiet, when its summary comes instead.
 * <p>
 * The times: reminders every 3 s, a record that lives 1 s after its last occurrence, repeats synced every 200 ms.
 * Burning for 6.8 s from its first occurrence, the error is due reminders at 3 s and, an interval after that, at 6 s
 * and a little more; a third could not be due before 9 s, when its record has long expired (about 8 s).
 */
class RemindersAcrossInstancesIntegrationTests {

    private static final String MESSAGE = "card declined by the issuer";

    private static final Pattern REMINDER = Pattern.compile(
            "Still happening: ([0-9,]+) occurrences in the last [^,]+, ([0-9,]+) since \\d\\d:\\d\\d UTC");

    // The 1st occurrence alerts, the 2nd is the last before the cap; the rest are counted only.
    private static final String[] BURNING = { "error-alert.policy.first-window=1s",
            "error-alert.policy.repeat-window=1s", "error-alert.policy.suppress-after=1",
            "error-alert.pipeline.suppressed-sync-interval=200ms", "error-alert.reminder.interval=3s",
            "error-alert.reminder.check-interval=100ms", "error-alert.quiet-summary.check-interval=100ms" };

    private SlackStandIn slack;

    @BeforeEach
    void startSlack() {
        slack = SlackStandIn.start();
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    @Test
    void twoInstancesSendOneReminderPerIntervalAndNoneOnceTheErrorWentQuiet() throws InterruptedException {
        try (Fleet fleet = new Fleet(slack, true, BURNING)) {
            Instance a = fleet.start();
            Instance b = fleet.start();
            int thrown = burn(a, b, Duration.ofMillis(6_800));

            // The summary follows once the record expired, about a second after the last occurrence.
            await().atMost(Duration.ofSeconds(20)).until(() -> decodedRequests().stream()
                    .anyMatch((text) -> text.contains("Stopped: ")));
            List<String> texts = decodedRequests();
            List<String> reminders = texts.stream().filter((text) -> text.contains("Still happening: ")).toList();
            assertThat(reminders).as("one reminder per interval of 3 s while it burned 6.8 s").hasSize(2);
            assertThat(a.bean(Reminders.class).sent() + b.bean(Reminders.class).sent()).isEqualTo(2);
            assertThat(texts.get(texts.size() - 1)).as("the summary comes last")
                    .contains(String.format(Locale.ROOT, "Stopped: %,d occurrences over ", thrown));

            // Counted across both instances: the first reminder covers every occurrence since the first, the second
            // those since the first reminder; the repeats held on an instance reach Redis within 200 ms.
            long[] first = countsOf(reminders.get(0));
            long[] second = countsOf(reminders.get(1));
            assertThat(first[0]).isEqualTo(first[1]);
            assertThat(second[1]).isEqualTo(first[1] + second[0]).isLessThanOrEqualTo(thrown);
            assertThat(first[1]).isGreaterThan(100);

            // Both instances keep looking, ten times a second: nothing more once the error went quiet.
            int sent = slack.requests().size();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(slack.requests()).as("nothing after the summary").hasSize(sent));
        }
    }

    @Test
    void aBotRemindsInTheErrorsThreadThenSummarisesThereAndMarksItsFirstMessageResolved()
            throws InterruptedException {
        String ts = "1700000000.000100";
        slack.answerByDefault(Answer.json("{\"ok\":true,\"channel\":\"C123\",\"ts\":\"" + ts + "\"}"));
        String[] bot = { "error-alert.slack.bot-token=xoxb-test-token", "error-alert.slack.channel=C123",
                "error-alert.slack.api-url=" + slack.url("/api/") };
        String[] properties = new String[BURNING.length + bot.length];
        System.arraycopy(BURNING, 0, properties, 0, BURNING.length);
        System.arraycopy(bot, 0, properties, BURNING.length, bot.length);
        try (Fleet fleet = new Fleet(slack, true, properties)) {
            Instance a = fleet.start();
            Instance b = fleet.start();
            // Due one reminder, at 3 s; the next could not be due before 6 s, when the record expired (about 5 s).
            burn(a, b, Duration.ofMillis(3_800));

            await().atMost(Duration.ofSeconds(20)).until(() -> slack.requests().stream()
                    .anyMatch((request) -> request.path().endsWith("chat.update")));
            List<RecordedRequest> requests = slack.requests();
            assertThat(requests).extracting(RecordedRequest::path).containsExactly("/api/chat.postMessage",
                    "/api/chat.postMessage", "/api/chat.postMessage", "/api/chat.postMessage", "/api/chat.update");
            assertThat(requests.get(0).form()).as("the 1st alert opens the thread").doesNotContainKey("thread_ts");
            assertThat(requests.get(1).form()).as("the capped one").containsEntry("thread_ts", ts)
                    .containsEntry("reply_broadcast", "1");
            assertThat(requests.get(2).form()).containsEntry("thread_ts", ts).containsEntry("reply_broadcast", "0");
            assertThat(requests.get(2).form().get("text")).contains("Still happening: ");
            assertThat(requests.get(3).form()).containsEntry("thread_ts", ts);
            assertThat(requests.get(3).form().get("text")).contains("Stopped: ");
            assertThat(requests.get(4).form()).containsEntry("channel", "C123").containsEntry("ts", ts);
            assertThat(requests.get(4).form().get("text")).startsWith("Resolved after ").contains("PaymentDeclined");
        }
    }

    /**
     * Throw the error on both instances: twice one after the other (the two alerts; the second once the first was
     * delivered, so that a bot has its thread), then as fast as the machine goes until {@code duration} after the
     * first occurrence.
     *
     * @return how many occurrences were thrown
     */
    private static int burn(Instance a, Instance b, Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        a.charge(MESSAGE);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> a.bean(DeliveryEngine.class).stats().messagesDelivered() == 1);
        b.charge(MESSAGE);
        int thrown = 2;
        while (System.nanoTime() < end) {
            a.chargeWithoutWaiting(MESSAGE);
            b.chargeWithoutWaiting(MESSAGE);
            thrown += 2;
            Thread.sleep(10);
        }
        a.awaitJudged();
        b.awaitJudged();
        return thrown;
    }

    private List<String> decodedRequests() {
        return slack.requests().stream().map(DeliveryEndToEndIntegrationTests::decoded).toList();
    }

    /** The occurrences "in the last" interval and since the first, as a reminder states them. */
    private static long[] countsOf(String reminder) {
        Matcher matcher = REMINDER.matcher(reminder);
        assertThat(matcher.find()).as("a reminder in: %s", reminder).isTrue();
        return new long[] { Long.parseLong(matcher.group(1).replace(",", "")),
                Long.parseLong(matcher.group(2).replace(",", "")) };
    }
}
