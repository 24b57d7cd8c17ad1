package dev.erroralert.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.delivery.Outbox;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.SlackStandIn;
import dev.erroralert.testsupport.SlackStandIn.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Delivery as a user meets it: Slack (a local stand-in) failing, rate limiting, staying down and coming back; the
 * outbox in a real PostgreSQL; bot threads kept in a real Redis across a restart; secrets never leaving the process.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeliveryEndToEndIntegrationTests {

    private static final String WEBHOOK_PATH = "/services/T000/B000/XXXX";

    @AlertOnError
    static class OrderService {
        public void place(RuntimeException toThrow) {
            throw toThrow;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ShopApplication {
        @Bean
        OrderService orderService() {
            return new OrderService();
        }
    }

    private EmbeddedRedisServer redis;
    private EmbeddedPostgresServer postgres;
    private SlackStandIn slack;
    private ConfigurableApplicationContext context;

    @BeforeEach
    void startServers() {
        redis = EmbeddedRedisServer.startNew();
        postgres = EmbeddedPostgresServer.startNew();
        slack = SlackStandIn.start();
    }

    @AfterEach
    void stopServers() {
        if (context != null) {
            context.close();
        }
        slack.close();
        postgres.close();
        redis.close();
    }

    private ConfigurableApplicationContext boot(String... extra) {
        List<String> properties = new ArrayList<>(List.of("spring.application.name=shop",
                "error-alert.redis.url=" + redis.uri(), "spring.datasource.url=" + postgres.jdbcUrl(),
                "spring.datasource.hikari.connection-timeout=250", "error-alert.jdbc.initialize-schema=always",
                "error-alert.delivery.initial-backoff=50ms", "error-alert.delivery.max-backoff=200ms",
                "error-alert.delivery.max-attempts=3", "error-alert.delivery.outbox-check-interval=300ms",
                "error-alert.delivery.default-retry-after=1s"));
        properties.addAll(List.of(extra));
        context = new SpringApplicationBuilder(ShopApplication.class).web(WebApplicationType.NONE)
                .properties(properties.toArray(String[]::new)).run();
        return context;
    }

    private ConfigurableApplicationContext bootWithWebhook(String... extra) {
        List<String> properties = new ArrayList<>(List.of("error-alert.slack.webhook-url=" + slack.url(WEBHOOK_PATH)));
        properties.addAll(List.of(extra));
        return boot(properties.toArray(String[]::new));
    }

    private void fail(String message) {
        RuntimeException failure = new IllegalStateException(message);
        assertThatThrownBy(() -> context.getBean(OrderService.class).place(failure)).isSameAs(failure);
    }

    private AlertPipeline pipeline() {
        return context.getBean(AlertPipeline.class);
    }

    /** Every string of a JSON (or form-encoded Web API) body, decoded: the text Slack would read. */
    static String decoded(SlackStandIn.RecordedRequest request) {
        StringBuilder text = new StringBuilder();
        String body = request.body();
        if (body.startsWith("{")) {
            collect(JsonParser.parseString(body), text);
        }
        else {
            request.form().forEach((key, value) -> {
                text.append(value).append('\n');
                if (value.startsWith("[") || value.startsWith("{")) {
                    collect(JsonParser.parseString(value), text);
                }
            });
        }
        return text.toString();
    }

    private static void collect(JsonElement element, StringBuilder text) {
        if (element.isJsonPrimitive()) {
            text.append(element.getAsString()).append('\n');
        }
        else if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(child -> collect(child, text));
        }
        else if (element.isJsonObject()) {
            element.getAsJsonObject().entrySet().forEach(entry -> collect(entry.getValue(), text));
        }
    }

    @Test
    void slackFailingTwiceThenAnsweringGetsTheAlertOnce() throws InterruptedException {
        slack.answerNext(Answer.status(500, "boom"), Answer.status(500, "boom"));
        bootWithWebhook();

        fail("order 42 not found");

        assertThat(slack.awaitRequests(3, Duration.ofSeconds(10))).hasSize(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline().deliveryStats().messagesDelivered() == 1);
        assertThat(pipeline().deliveryStats().retries()).isEqualTo(2);
        assertThat(pipeline().deliveryStats().parked()).isZero();
    }

    @Test
    void aRetryAfterHoldsBackEverythingForThatDestinationThenAllArrives() throws InterruptedException {
        slack.answerNext(Answer.rateLimited(2));
        bootWithWebhook("error-alert.delivery.messages-per-second=100", "error-alert.delivery.burst=100");

        fail("first failure");
        slack.awaitRequests(1, Duration.ofSeconds(10));
        fail("second failure with other words");
        fail("third failure, different again");
        Thread.sleep(1_500);
        assertThat(slack.requests()).as("nothing within the 2 s Slack asked for").hasSize(1);

        // Then all three arrive (the two queued behind the pause may come as one digest).
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline().deliveryStats().alertsDelivered() == 3);
        assertThat(decoded(slack.requests().get(1))).contains("first failure");
        assertThat(pipeline().deliveryStats().rateLimited()).isEqualTo(1);
    }

    @Test
    void slackDownPastTheRetriesParksInPostgresAndRedeliversInOrderExactlyOnce() throws InterruptedException {
        slack.answerByDefault(Answer.status(503, "down"));
        bootWithWebhook();
        Outbox outbox = context.getBean(Outbox.class);

        List<String> failures = List.of("alpha failure", "bravo failure", "charlie failure");
        fail(failures.get(0));
        await().atMost(Duration.ofSeconds(15)).until(() -> outbox.depth("default") == 1);
        // Behind the parked message the next alerts wait coalesced in memory, not parked one by one.
        fail(failures.get(1));
        fail(failures.get(2));
        DeliveryEngine delivery = context.getBean(DeliveryEngine.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> delivery.destinations().get(0).queued() == 2);
        assertThat(outbox.depth("default")).isEqualTo(1);
        slack.reset();
        slack.answerByDefault(Answer.ok());

        await().atMost(Duration.ofSeconds(15)).until(() -> pipeline().deliveryStats().alertsDelivered() == 3);
        assertThat(outbox.depth("default")).isZero();
        List<String> delivered = slack.requests().stream().map(DeliveryEndToEndIntegrationTests::decoded).toList();
        // The parked one first, then one digest of the two that waited: in order, each once.
        assertThat(delivered).hasSize(2);
        assertThat(delivered.get(0)).contains("alpha failure").doesNotContain("bravo", "charlie");
        assertThat(delivered.get(1)).doesNotContain("alpha failure");
        assertThat(delivered.get(1).indexOf("bravo failure")).isLessThan(delivered.get(1).indexOf("charlie failure"));
        assertThat(pipeline().deliveryStats().redelivered()).isEqualTo(1);
    }

    @Test
    void withSlackAndTheOutboxDownTheAlertIsLoggedInFullAtError(CapturedOutput output) {
        slack.answerByDefault(Answer.status(503, "down"));
        bootWithWebhook();
        postgres.close();

        fail("payment gateway rejected order 42");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(output.getOut())
                .contains("ERROR").contains("Alert could not be delivered to default")
                .contains("payment gateway rejected order 42"));
        assertThat(pipeline().deliveryStats().dropped()).containsKey("outbox-unavailable");
    }

    @Test
    void fiftyNewErrorsInASecondKeepSlacksPaceAndAllAreMentioned() {
        bootWithWebhook();
        long started = System.nanoTime();

        Set<String> sentKinds = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            // Words, not numbers: numbers are normalised away and these must be 50 different errors.
            String kind = Character.toString('a' + i / 26) + Character.toString('a' + i % 26);
            sentKinds.add(kind);
            try {
                context.getBean(OrderService.class).place(new IllegalStateException("failure of kind " + kind));
            }
            catch (IllegalStateException expected) {
                // the alert is on its way
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline().deliveryStats().alertsDelivered() == 50);

        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(slack.requests().size()).as("a burst of 3, then about one a second")
                .isLessThanOrEqualTo(3 + (int) Math.ceil(seconds));
        Set<String> mentioned = new HashSet<>();
        Matcher shortIds = Pattern.compile("\\b[0-9a-f]{8}\\b").matcher(
                slack.requests().stream().map(DeliveryEndToEndIntegrationTests::decoded).reduce("", String::concat));
        while (shortIds.find()) {
            mentioned.add(shortIds.group());
        }
        assertThat(mentioned).as("every one of the 50 errors is named").hasSizeGreaterThanOrEqualTo(50);
        assertThat(pipeline().stats().alertsSent()).isEqualTo(50);
    }

    @Test
    void aBotOpensAThreadPerErrorAndRepliesInItEvenAfterARestart() throws InterruptedException {
        slack.answerByDefault(Answer.json("{\"ok\":true,\"channel\":\"C123\",\"ts\":\"1700000000.000100\"}"));
        String[] bot = { "error-alert.slack.bot-token=xoxb-test-token", "error-alert.slack.channel=C123",
                "error-alert.slack.api-url=" + slack.url("/api/") };
        boot(bot);

        fail("order 1 not found");
        slack.awaitRequests(1, Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline().stats().judged() == 1);
        Thread.sleep(50);
        fail("order 2 not found");
        slack.awaitRequests(2, Duration.ofSeconds(10));

        assertThat(slack.requests().get(0).path()).endsWith("chat.postMessage");
        assertThat(slack.requests().get(0).form()).doesNotContainKey("thread_ts");
        assertThat(slack.requests().get(1).form()).containsEntry("thread_ts", "1700000000.000100");

        // A restart of the application: the thread lives on in Redis.
        context.close();
        boot(bot);
        fail("order 3 not found");
        slack.awaitRequests(3, Duration.ofSeconds(10));
        assertThat(slack.requests().get(2).form()).containsEntry("thread_ts", "1700000000.000100");
        assertThat(String.join("\n", slack.requests().stream().map(r -> r.body() + r.headers()).toList()))
                .as("the token went in a header, never into a body").doesNotContain("xoxb-test-token\"");
    }

    @Test
    void secretsAreMaskedInSlackInTheOutboxAndInTheLog(CapturedOutput output) {
        String secrets = "login failed: password=hunter2 Authorization: Bearer abc.def.ghi "
                + "jdbc:postgresql://app:S3cr3t@db/shop card 4111 1111 1111 1111 "
                + "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl";
        List<String> leaks = List.of("hunter2", "abc.def.ghi", "S3cr3t", "4111 1111 1111 1111",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0");
        slack.answerNext(Answer.ok(), Answer.status(503, "down"), Answer.status(503, "down"),
                Answer.status(503, "down"));
        bootWithWebhook("error-alert.delivery.outbox-check-interval=1h");

        fail(secrets);
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.requests().size() == 1);
        RuntimeException wrapped = new IllegalArgumentException("checkout failed", new IllegalStateException(secrets));
        assertThatThrownBy(() -> context.getBean(OrderService.class).place(wrapped)).isSameAs(wrapped);
        await().atMost(Duration.ofSeconds(15)).until(() -> context.getBean(Outbox.class).depth("default") == 1);

        String slackText = decoded(slack.requests().get(0));
        assertThat(slackText).contains("login failed", "password=***");
        String parked = String.join("\n", new JdbcTemplate(postgres.newDataSource())
                .queryForList("SELECT payload FROM error_alert_outbox", String.class));
        assertThat(parked).contains("checkout failed");
        for (String leak : leaks) {
            assertThat(slackText).doesNotContain(leak);
            assertThat(parked).doesNotContain(leak);
        }
        context.close();
        context = null;

        // The log as the destination.
        boot();
        fail(secrets);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut()).contains(
                "[error-alert] IllegalStateException"));
        for (String leak : leaks) {
            assertThat(output.getOut()).doesNotContain(leak);
        }
    }

    @Test
    void aMegabyteMessageArrivesWithinSlacksLimitsAndControlSequencesInert() throws InterruptedException {
        bootWithWebhook();

        fail("<!channel> <@U123> <https://evil.example|click> " + "x".repeat(1_000_000));
        slack.awaitRequests(1, Duration.ofSeconds(10));

        JsonObject payload = JsonParser.parseString(slack.requests().get(0).body()).getAsJsonObject();
        assertThat(payload.getAsJsonArray("blocks").size()).isLessThanOrEqualTo(50);
        payload.getAsJsonArray("blocks").forEach(block -> {
            JsonObject object = block.getAsJsonObject();
            if (object.get("type").getAsString().equals("header")) {
                assertThat(object.getAsJsonObject("text").get("text").getAsString().length()).isLessThanOrEqualTo(150);
            }
            if (object.has("text") && object.get("type").getAsString().equals("section")) {
                assertThat(object.getAsJsonObject("text").get("text").getAsString().length())
                        .isLessThanOrEqualTo(3_000);
            }
        });
        String text = decoded(slack.requests().get(0));
        assertThat(text).doesNotContain("<!channel>", "<@U123>", "<https://evil").contains("&lt;!channel&gt;");
    }
}
