package dev.erroralert.spring;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A user's first hour: an application with the starter, annotated services, a webhook URL — booted against a real
 * Redis, a real PostgreSQL and a local server standing in for Slack that records every request.
 */
class ErrorAlertEndToEndIntegrationTests {

    static class OrderFailure extends RuntimeException {
        OrderFailure(String message) {
            super(message);
        }
    }

    @AlertOnError
    static class OrderService {
        public void place(RuntimeException toThrow) {
            throw toThrow;
        }

        public void cancel(RuntimeException toThrow) {
            throw toThrow;
        }

        public void ship(RuntimeException toThrow) {
            throw toThrow;
        }
    }

    @AlertOnError
    static class CheckoutService {
        private final OrderService orders;

        CheckoutService(OrderService orders) {
            this.orders = orders;
        }

        public void checkout(RuntimeException toThrow) {
            orders.place(toThrow);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ShopApplication {

        @Bean
        OrderService orderService() {
            return new OrderService();
        }

        @Bean
        CheckoutService checkoutService(OrderService orderService) {
            return new CheckoutService(orderService);
        }
    }

    private EmbeddedRedisServer redis;
    private EmbeddedPostgresServer postgres;
    private SlackStandIn slack;
    private ConfigurableApplicationContext context;

    @BeforeEach
    void start() {
        redis = EmbeddedRedisServer.startNew();
        postgres = EmbeddedPostgresServer.startNew();
        slack = SlackStandIn.start();
        context = new SpringApplicationBuilder(ShopApplication.class).web(WebApplicationType.NONE)
                .properties("spring.application.name=shop", "error-alert.redis.url=" + redis.uri(),
                        "spring.datasource.url=" + postgres.jdbcUrl(), "error-alert.jdbc.initialize-schema=always",
                        "error-alert.slack.webhook-url=" + slack.url("/services/T000/B000/XXXX"),
                        // Unpaced: these tests count deduplicated alerts one request each; pacing is tested apart.
                        "error-alert.delivery.messages-per-second=1000", "error-alert.delivery.burst=1000")
                .run();
    }

    @AfterEach
    void stop() {
        context.close();
        slack.close();
        postgres.close();
        redis.close();
    }

    private AlertPipeline pipeline() {
        return context.getBean(AlertPipeline.class);
    }

    /** Throw through the service, check the caller got the very exception, and wait until it has been judged. */
    private void throwThrough(java.util.function.Consumer<RuntimeException> call, RuntimeException failure) {
        assertThatThrownBy(() -> call.accept(failure)).isSameAs(failure);
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline().stats().judged() == pipeline().stats().captured());
    }

    private List<String> slackBodies() {
        return slack.requests().stream().map(SlackStandIn.RecordedRequest::body).toList();
    }

    /** The bodies that came for one error, told apart by its message. */
    private List<String> bodiesMentioning(String text) {
        return slackBodies().stream().filter(body -> body.contains(text)).toList();
    }

    /** Every string in a JSON payload, decoded and joined: the text Slack would interpret. */
    private static String decodedText(String body) {
        StringBuilder text = new StringBuilder();
        collectStrings(JsonParser.parseString(body), text);
        return text.toString();
    }

    private static void collectStrings(JsonElement element, StringBuilder text) {
        if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
            text.append(element.getAsString()).append('\n');
        }
        else if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(child -> collectStrings(child, text));
        }
        else if (element.isJsonObject()) {
            element.getAsJsonObject().entrySet().forEach(entry -> collectStrings(entry.getValue(), text));
        }
    }

    private void awaitSlackRequests(int count) throws InterruptedException {
        slack.awaitRequests(count, Duration.ofSeconds(15));
    }

    @Test
    void oneErrorThrownTenTimesMakesExactlySixSlackRequestsCountingOneToSix() throws InterruptedException {
        OrderService orders = context.getBean(OrderService.class);
        for (int i = 0; i < 10; i++) {
            throwThrough(orders::place, new OrderFailure("order " + (100 + i) + " not found"));
        }
        context.close();

        assertThat(slackBodies()).hasSize(6);
        List<String> bodies = slackBodies();
        String[] ordinals = { "1st occurrence", "2nd occurrence", "3rd occurrence", "4th occurrence", "5th occurrence",
                "6th occurrence" };
        for (int i = 0; i < 6; i++) {
            assertThat(decodedText(bodies.get(i))).contains(ordinals[i], "OrderFailure in",
                    "OrderService#place");
        }
        assertThat(decodedText(bodies.get(5))).contains("further alerts suppressed until quiet for 30 min");
        assertThat(decodedText(bodies.get(0))).contains("shop");
    }

    @Test
    void threeDifferentErrorsMakeOneRequestEach() throws InterruptedException {
        OrderService orders = context.getBean(OrderService.class);
        throwThrough(orders::place, new OrderFailure("order 1 not found"));
        throwThrough(orders::cancel, new IllegalStateException("cannot cancel a shipped order"));
        throwThrough(orders::ship, new IllegalArgumentException("no such carrier"));
        awaitSlackRequests(3);
        context.close();

        assertThat(slackBodies()).hasSize(3);
        assertThat(bodiesMentioning("OrderService#place")).hasSize(1);
        assertThat(bodiesMentioning("OrderService#cancel")).hasSize(1);
        assertThat(bodiesMentioning("OrderService#ship")).hasSize(1);
    }

    @Test
    void theSameErrorThroughTwoNestedAnnotatedBeansIsReportedOnce() throws InterruptedException {
        AlertPipeline pipeline = pipeline();
        throwThrough(context.getBean(CheckoutService.class)::checkout, new OrderFailure("nested failure"));
        awaitSlackRequests(1);
        context.close();

        assertThat(slackBodies()).hasSize(1);
        assertThat(pipeline.stats().captured()).isEqualTo(1);
    }

    @Test
    void slackControlSequencesInAMessageArriveEscaped() throws InterruptedException {
        throwThrough(context.getBean(OrderService.class)::place,
                new OrderFailure("<!channel> deploy broke <https://evil.example|click here> & <@U123>"));
        awaitSlackRequests(1);

        // What Slack reads once the JSON is decoded: entities, never a live mention or link.
        String text = decodedText(slackBodies().get(0));
        assertThat(text).doesNotContain("<!channel>", "<https://evil", "<@U123>")
                .contains("&lt;!channel&gt;", "&amp;", "&lt;@U123&gt;");
    }

    @Test
    void withRedisStoppedDedupContinuesOnPostgres() throws InterruptedException {
        OrderService orders = context.getBean(OrderService.class);
        throwThrough(orders::place, new OrderFailure("before the outage"));
        awaitSlackRequests(1);
        redis.stop();

        for (int i = 0; i < 10; i++) {
            throwThrough(orders::cancel, new IllegalStateException("cancel " + i + " failed during the outage"));
        }
        context.close();

        List<String> outage = bodiesMentioning("OrderService#cancel");
        assertThat(outage).as("deduplicated in PostgreSQL: 6 of 10").hasSize(6);
        // PostgreSQL counted them: its table holds the 10 occurrences of that error.
        DataSource dataSource = postgres.newDataSource();
        Long counted = new JdbcTemplate(dataSource).queryForObject(
                "SELECT max(occurrences) FROM error_alert_state", Long.class);
        assertThat(counted).isEqualTo(10);
    }

    @Test
    void withRedisAndPostgresStoppedAlertsStillGoOutUnderTheSameRule() throws InterruptedException {
        OrderService orders = context.getBean(OrderService.class);
        redis.stop();
        postgres.close();

        for (int i = 0; i < 10; i++) {
            throwThrough(orders::ship, new IllegalStateException("ship " + i + " failed during a double outage"));
        }
        context.close();

        assertThat(bodiesMentioning("OrderService#ship")).as("sent directly, guarded: 6 of 10").hasSize(6);
    }
}
