package dev.erroralert.spring;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.SlackStandIn;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
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
import static org.awaitility.Awaitility.await;

/**
 * A change of store does not restart the count: Redis killed and restarted (empty) during a steady error, on a booted
 * application with a real PostgreSQL behind it — the error, already at the cap, stays suppressed throughout.
 */
class RedisRestartDuringSteadyErrorIntegrationTests {

    @AlertOnError
    static class PaymentService {
        public void charge(long order) {
            throw new IllegalStateException("payment gateway refused order " + order);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class PaymentApplication {
        @Bean
        PaymentService paymentService() {
            return new PaymentService();
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
        context = new SpringApplicationBuilder(PaymentApplication.class).web(WebApplicationType.NONE)
                .properties("spring.application.name=payments", "error-alert.redis.url=" + redis.uri(),
                        "spring.datasource.url=" + postgres.jdbcUrl(), "error-alert.jdbc.initialize-schema=always",
                        "error-alert.slack.webhook-url=" + slack.url("/services/T000/B000/XXXX"),
                        "error-alert.delivery.messages-per-second=1000", "error-alert.delivery.burst=1000",
                        // Short, so the test sees the chain fall to PostgreSQL and come back to Redis in seconds.
                        "error-alert.chain.cool-down=300ms", "error-alert.pipeline.suppressed-sync-interval=200ms")
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
    void anErrorAtTheCapStaysSuppressedWhileRedisIsKilledAndRestarted() throws Exception {
        PaymentService payments = context.getBean(PaymentService.class);
        AlertPipeline pipeline = context.getBean(AlertPipeline.class);
        DecisionChain chain = context.getBean(DecisionChain.class);
        AtomicBoolean steady = new AtomicBoolean(true);
        Thread thrower = new Thread(() -> {
            long order = 0;
            while (steady.get()) {
                try {
                    payments.charge(order++);
                }
                catch (IllegalStateException expected) {
                    // The caller's business; the alert is ours.
                }
                try {
                    Thread.sleep(5);
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
        }, "steady-error");
        thrower.start();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.stats().alertsSuppressed() > 20);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> pipeline.deliveryStats().alertsDelivered() == pipeline.stats().alertsSent());
            alertsBefore = alertsFor();

            redis.stop();
            await().atMost(Duration.ofSeconds(15)).until(() -> !chain.isAvailable("redis"));
            Long inPostgres = null;
            JdbcTemplate database = new JdbcTemplate(postgres.newDataSource());
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while ((inPostgres == null || inPostgres == 0) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                inPostgres = database.queryForObject("SELECT coalesce(max(occurrences), 0) FROM error_alert_state",
                        Long.class);
            }
            assertThat(inPostgres).as("PostgreSQL counted during the outage").isPositive();

            redis.start();
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                await().atMost(Duration.ofSeconds(15)).until(() -> connection.sync().dbsize() > 0);
            }
            finally {
                client.shutdown();
            }
            Thread.sleep(500);
        }
        finally {
            steady.set(false);
            thrower.join();
        }
        context.close();

        assertThat(alertsBefore).as("alerts before the outage").isPositive();
        assertThat(alertsFor()).as("alerts for the steady error: at most one more than without the failover")
                .isBetween(alertsBefore, alertsBefore + 1);
    }

    private long alertsBefore;

    private long alertsFor() {
        return slack.requests().stream().filter(request -> request.body().contains("PaymentService#charge")).count();
    }
}
