package dev.erroralert.spring;

import java.time.Duration;

import dev.erroralert.pipeline.QuietSummaries;
import tools.jackson.databind.JsonNode;
import dev.erroralert.spring.Fleet.Instance;
import dev.erroralert.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The summary of an error that went quiet, with two booted instances both checking every 100 ms for the end of its
 * window: Slack gets it once, with every occurrence thrown on either instance counted — from Redis, and from the
 * database alone when there is no Redis.
 */
class QuietSummaryAcrossInstancesIntegrationTests {

    private static final String MESSAGE = "card declined by the issuer";

    // Two occurrences alert (1st, and 2nd as the last before the cap); the rest are counted only.
    private static final String[] SHORT_WINDOWS = { "error-alert.policy.first-window=1s",
            "error-alert.policy.repeat-window=2s", "error-alert.policy.suppress-after=1",
            "error-alert.quiet-summary.check-interval=100ms" };

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
    void withRedisBothInstancesSeeTheWindowCloseAndOneSummaryArrives() throws InterruptedException {
        try (Fleet fleet = new Fleet(slack, true, SHORT_WINDOWS)) {
            throwOnBothAndExpectOneSummary(fleet.start(), fleet.start());
        }
    }

    @Test
    void withTheDatabaseAloneBothInstancesSeeTheWindowCloseAndOneSummaryArrives() throws InterruptedException {
        try (Fleet fleet = new Fleet(slack, false, SHORT_WINDOWS)) {
            throwOnBothAndExpectOneSummary(fleet.start(), fleet.start());
        }
    }

    @Test
    void aSuppressedErrorCountedLocallyStillSlidesItsRecordReachesTheHistoryExactlyAndGetsItsSummary()
            throws InterruptedException {
        String[] properties = { "error-alert.policy.first-window=1s", "error-alert.policy.repeat-window=2s",
                "error-alert.policy.suppress-after=1", "error-alert.quiet-summary.check-interval=100ms",
                "error-alert.pipeline.suppressed-sync-interval=300ms" };
        try (Fleet fleet = new Fleet(slack, true, properties)) {
            Instance a = fleet.start();
            Instance b = fleet.start();
            a.charge(MESSAGE);
            b.charge(MESSAGE);
            a.charge(MESSAGE);
            // Suppressed on both now: for 3.5 s, longer than the 2 s window, the repeats are counted on each instance
            // and sent every 300 ms; were the record not slid, it would expire and the error be alerted anew.
            int thrown = 3;
            long end = System.nanoTime() + Duration.ofMillis(3_500).toNanos();
            while (System.nanoTime() < end) {
                a.chargeWithoutWaiting(MESSAGE);
                b.chargeWithoutWaiting(MESSAGE);
                thrown += 2;
                Thread.sleep(5);
            }
            a.awaitJudged();
            b.awaitJudged();

            slack.awaitRequests(3, Duration.ofSeconds(20));
            assertThat(slack.requests()).as("1st, 2nd (the cap), then the summary: never alerted anew").hasSize(3);
            String summary = DeliveryEndToEndIntegrationTests.decoded(slack.requests().get(2));
            assertThat(summary).contains(String.format(java.util.Locale.ROOT, "Stopped: %,d occurrences over ",
                    thrown), String.format(java.util.Locale.ROOT, ", %,d not alerted", thrown - 2));
            a.close();
            b.close();

            Instance reader = fleet.start();
            JsonNode recent = reader.get("/actuator/erroralerts").get("recent");
            assertThat(recent).hasSize(1);
            JsonNode error = reader.get("/actuator/erroralerts/" + recent.get(0).get("fingerprint").stringValue());
            assertThat(error.get("totalCount").longValue()).as("the history's total").isEqualTo(thrown);
        }
    }

    private void throwOnBothAndExpectOneSummary(Instance a, Instance b) throws InterruptedException {
        int thrown = 9;
        for (int i = 0; i < thrown; i++) {
            (i % 2 == 0 ? a : b).charge(MESSAGE);
        }
        slack.awaitRequests(2, Duration.ofSeconds(15));
        assertThat(a.pipeline().stats().alertsSent() + b.pipeline().stats().alertsSent()).isEqualTo(2);
        assertThat(a.pipeline().stats().alertsSuppressed() + b.pipeline().stats().alertsSuppressed())
                .isEqualTo(thrown - 2);

        // The window closes two seconds after the last occurrence; both instances look ten times a second.
        slack.awaitRequests(3, Duration.ofSeconds(20));
        String summary = DeliveryEndToEndIntegrationTests.decoded(slack.requests().get(2));
        assertThat(summary).contains("Stopped: " + thrown + " occurrences over ", ", " + (thrown - 2) + " not alerted",
                "PaymentDeclined", MESSAGE);
        // Many more checks on both instances: no second summary.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(slack.requests()).as("no second summary").hasSize(3));
        assertThat(a.bean(QuietSummaries.class).sent() + b.bean(QuietSummaries.class).sent()).isEqualTo(1);
    }
}
