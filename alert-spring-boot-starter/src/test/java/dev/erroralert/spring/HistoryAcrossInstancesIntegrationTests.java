package dev.erroralert.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.spring.Fleet.Instance;
import dev.erroralert.spring.shop.ShopApplication.PaymentDeclined;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error history as an operator reads it after a burst on two booted instances sharing Redis and PostgreSQL: the
 * write-back runs only when each instance shuts down, and a third instance's endpoint then shows the exact totals and
 * a sample message whose secret never reached the table.
 */
class HistoryAcrossInstancesIntegrationTests {

    private static final String MESSAGE = "login to the payment gateway failed with password=hunter2";

    private static final int THREADS_PER_INSTANCE = 4;

    private static final int PER_THREAD = 250;

    private SlackStandIn slack;
    private Fleet fleet;

    @BeforeEach
    void start() {
        slack = SlackStandIn.start();
        // No periodic write-back in the test's time: only the one each instance runs when it shuts down.
        fleet = new Fleet(slack, true, "error-alert.history.write-back-interval=1h");
    }

    @AfterEach
    void stop() {
        fleet.close();
        slack.close();
    }

    @Test
    void afterABurstOnTwoInstancesAndTheirShutdownTheHistoryHoldsExactTotalsAndNoSecret() throws Exception {
        Instance a = fleet.start();
        Instance b = fleet.start();
        // The six occurrences that alert (suppress-after 5), one at a time so each alert covers one occurrence.
        for (int i = 0; i < 6; i++) {
            (i % 2 == 0 ? a : b).charge(MESSAGE);
        }
        int burst = burst(List.of(a, b));
        assertThat(a.get("/actuator/erroralerts").get("recent")).as("nothing written back yet").isEmpty();
        AlertPipeline pipelineA = a.pipeline();
        AlertPipeline pipelineB = b.pipeline();
        a.close();
        b.close();

        long thrown = 6 + burst;
        long alertsSent = pipelineA.stats().alertsSent() + pipelineB.stats().alertsSent();
        assertThat(slack.requests().stream().map(DeliveryEndToEndIntegrationTests::decoded))
                .as("one alert each for the first six occurrences").hasSize(6);
        assertThat(alertsSent).isEqualTo(6);
        Instance reader = fleet.start();
        JsonNode recent = reader.get("/actuator/erroralerts").get("recent");
        assertThat(recent).hasSize(1);
        JsonNode error = reader.get("/actuator/erroralerts/" + recent.get(0).get("fingerprint").stringValue());
        assertThat(error.get("totalCount").longValue()).isEqualTo(thrown);
        assertThat(error.get("alertsSent").longValue()).isEqualTo(alertsSent);
        assertThat(error.get("suppressedCount").longValue()).isEqualTo(thrown - 6);
        assertThat(error.get("liveCount").longValue()).as("Redis's count of the live window").isEqualTo(thrown);
        assertThat(error.get("exceptionType").stringValue()).isEqualTo(PaymentDeclined.class.getName());
        assertThat(error.get("sampleMessage").stringValue())
                .isEqualTo("login to the payment gateway failed with password=***");
        assertThat(error.get("application").stringValue()).isEqualTo("shop");
        assertThat(reader.getText("/actuator/erroralerts")).doesNotContain("hunter2");
        assertThat(reader.getText("/actuator/erroralerts/" + error.get("fingerprint").stringValue()))
                .doesNotContain("hunter2");
        // Nor did the secret reach the table, nor Slack.
        List<Map<String, Object>> rows = new JdbcTemplate(EmbeddedPostgresServer.shared().newDataSource())
                .queryForList("SELECT * FROM " + fleet.table("history"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("total_count", thrown);
        assertThat(rows.toString()).contains("password=***").doesNotContain("hunter2");
        slack.requests().forEach((request) -> assertThat(request.body()).doesNotContain("hunter2"));
    }

    /** Throw from several threads on each instance at once, wait until all was judged; how many were thrown. */
    private static int burst(List<Instance> instances) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS_PER_INSTANCE * instances.size());
        try {
            List<Future<Integer>> thrown = new ArrayList<>();
            for (Instance instance : instances) {
                for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
                    thrown.add(threads.submit(() -> {
                        for (int i = 0; i < PER_THREAD; i++) {
                            instance.chargeWithoutWaiting(MESSAGE);
                        }
                        return PER_THREAD;
                    }));
                }
            }
            int total = 0;
            for (Future<Integer> one : thrown) {
                total += one.get(60, TimeUnit.SECONDS);
            }
            instances.forEach(Instance::awaitJudged);
            return total;
        }
        finally {
            threads.shutdownNow();
        }
    }
}
