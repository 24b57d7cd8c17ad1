package dev.erroralert.compat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * a real Redis, a real PostgreSQL and a stand-in for Slack: what a user of that line sees. Redis is the application's
 * own ({@code spring.data.redis.url}), which error-alert finds through Spring Boot's Redis connection details.
 */
class ErrorAlertOnBootLineIntegrationTests {

    private static final Pattern DIGEST = Pattern.compile("^(\\d+) errors in ");

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
                        // Spring Boot's own Redis health is the application's business, and goes DOWN with Redis.
                        "management.health.redis.enabled=false",
                        "spring.data.redis.url=" + redis.uri(), "spring.datasource.url=" + postgres.jdbcUrl(),
                        "error-alert.jdbc.initialize-schema=always",
                        // Generous for a loaded build machine: a slow connect must not pass for Redis being down.
                        "error-alert.redis.connect-timeout=3s", "error-alert.redis.command-timeout=2s",
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
        assertThat(context.containsBean("errorAlertApplicationRedis"))
                .as("Redis found through this line's Redis connection details").isTrue();
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

        assertThat(alertsIn(bodiesMentioning("OrderService#place"))).as("ten repeats, six alerts (Redis)")
                .isEqualTo(6);
        assertThat(alertsIn(bodiesMentioning("OrderService#cancel")))
                .as("ten during the outage, six alerts (PostgreSQL)").isEqualTo(6);
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

    /** Alerts, not requests: on a loaded machine two alerts may travel as one digest ("2 errors in the last 1 s"). */
    private static int alertsIn(List<String> bodies) {
        int alerts = 0;
        for (String body : bodies) {
            String text = JsonParser.parseString(body).getAsJsonObject().get("text").getAsString();
            Matcher digest = DIGEST.matcher(text);
            alerts += digest.find() ? Integer.parseInt(digest.group(1)) : 1;
        }
        return alerts;
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
