package dev.erroralert.compat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.spring.AlertOnError;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.SlackStandIn;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A web application on this module's Spring Boot line with the starter and every auto-configuration Boot has, against
 * a real Redis, a real PostgreSQL and a stand-in for Slack: what a user of that line sees.
 */
class ErrorAlertOnBootLineIntegrationTests {

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
    void start() {
        redis = EmbeddedRedisServer.startNew();
        postgres = EmbeddedPostgresServer.startNew();
        slack = SlackStandIn.start();
        context = new SpringApplicationBuilder(ShopApplication.class)
                .properties("spring.application.name=shop", "server.port=0", "server.address=127.0.0.1",
                        "management.endpoints.web.exposure.include=health",
                        "management.endpoint.health.show-details=always",
                        "error-alert.redis.url=" + redis.uri(), "spring.datasource.url=" + postgres.jdbcUrl(),
                        "error-alert.jdbc.initialize-schema=always",
                        "error-alert.slack.webhook-url=" + slack.url("/services/T000/B000/XXXX"),
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

    @Test
    void alertsOnceDeduplicatesFallsBackToPostgresAndShowsHealthAndMeters() throws Exception {
        assertThat(BootLine.current()).isNotEmpty();
        OrderService orders = context.getBean(OrderService.class);

        throwThrough(orders::place, new OrderFailure("order 7 not found"));
        slack.awaitRequests(1, Duration.ofSeconds(15));
        assertThat(bodiesMentioning("OrderService#place")).as("a new error is alerted at once").hasSize(1);
        for (int i = 0; i < 9; i++) {
            throwThrough(orders::place, new OrderFailure("order " + (8 + i) + " not found"));
        }

        redis.stop();
        for (int i = 0; i < 10; i++) {
            throwThrough(orders::cancel, new IllegalStateException("cancel " + i + " failed during the outage"));
        }

        JsonObject health = get("/actuator/health");
        assertThat(health.get("status").getAsString()).as("a degraded alert path leaves the application UP")
                .isEqualTo("UP");
        JsonObject errorAlert = health.getAsJsonObject("components").getAsJsonObject("errorAlert")
                .getAsJsonObject("components");
        assertThat(errorAlert.getAsJsonObject("redis").get("status").getAsString()).isEqualTo("DEGRADED");
        assertThat(errorAlert.getAsJsonObject("jdbc").get("status").getAsString()).isEqualTo("UP");
        assertThat(errorAlert.getAsJsonObject("delivery").get("status").getAsString()).isEqualTo("UP");

        MeterRegistry meters = context.getBean(MeterRegistry.class);
        assertThat(meters.get("error.alert.occurrences").functionCounter().count()).isEqualTo(20);
        assertThat(meters.get("error.alert.store.fallthroughs").tag("store", "redis").meters()).isNotEmpty();
        context.close();

        assertThat(bodiesMentioning("OrderService#place")).as("ten repeats, six alerts (Redis)").hasSize(6);
        assertThat(bodiesMentioning("OrderService#cancel")).as("ten during the outage, six alerts (PostgreSQL)")
                .hasSize(6);
        Long counted = new JdbcTemplate(postgres.newDataSource())
                .queryForObject("SELECT max(occurrences) FROM error_alert_state", Long.class);
        assertThat(counted).as("PostgreSQL counted the outage's occurrences").isEqualTo(10);
    }

    private void throwThrough(java.util.function.Consumer<RuntimeException> call, RuntimeException failure) {
        assertThatThrownBy(() -> call.accept(failure)).isSameAs(failure);
        AlertPipeline pipeline = context.getBean(AlertPipeline.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().judged() == pipeline.stats().captured());
    }

    private List<String> bodiesMentioning(String text) {
        return slack.requests().stream().map(SlackStandIn.RecordedRequest::body).filter(body -> body.contains(text))
                .toList();
    }

    private JsonObject get(String path) throws Exception {
        String port = context.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }
}
