package dev.erroralert.spring;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import dev.erroralert.jdbc.JdbcDedupStore;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.redis.RedisDedupStore;
import dev.erroralert.spring.autoconfigure.ErrorAlertAopAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertJdbcAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertRedisAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertSlackAutoConfiguration;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The starter brings neither Lettuce nor spring-jdbc: an application without one of them still boots and alerts,
 * through the stores it can have, against a real Redis, a real PostgreSQL and a stand-in for Slack.
 */
class OptionalDependenciesIntegrationTests {

    public static class PaymentFailure extends RuntimeException {
        public PaymentFailure(String message) {
            super(message);
        }
    }

    @AlertOnError
    public static class PaymentService {
        public void charge(RuntimeException toThrow) {
            throw toThrow;
        }
    }

    private EmbeddedRedisServer redis;
    private EmbeddedPostgresServer postgres;
    private SlackStandIn slack;
    private ApplicationContextRunner contextRunner;

    @BeforeEach
    void start() {
        redis = EmbeddedRedisServer.startNew();
        postgres = EmbeddedPostgresServer.startNew();
        slack = SlackStandIn.start();
        DataSource dataSource = postgres.newDataSource();
        contextRunner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ErrorAlertAutoConfiguration.class,
                        ErrorAlertRedisAutoConfiguration.class, ErrorAlertJdbcAutoConfiguration.class,
                        ErrorAlertSlackAutoConfiguration.class, ErrorAlertAopAutoConfiguration.class,
                        AopAutoConfiguration.class))
                .withBean(PaymentService.class)
                .withBean(DataSource.class, () -> dataSource)
                .withPropertyValues("error-alert.redis.url=" + redis.uri(), "error-alert.jdbc.initialize-schema=always",
                        "error-alert.slack.webhook-url=" + slack.url("/services/T000/B000/XXXX"));
    }

    @AfterEach
    void stop() {
        slack.close();
        postgres.close();
        redis.close();
    }

    @Test
    void runWithoutLettuceShouldDecideInTheDatabaseAndAlert() {
        contextRunner.withClassLoader(new FilteredClassLoader("io.lettuce")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(RedisDedupStore.class)
                    .hasSingleBean(JdbcDedupStore.class);
            assertThat(storesOf(context)).containsExactly("jdbc");
            alertsOnceThrough(context, "card 4 declined without Lettuce");
            // PostgreSQL holds the error's state: counted there, or, when the first statement on the fresh database
            // was too slow and the chain decided in memory meanwhile, written back there once it answers.
            org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(
                    postgres.newDataSource());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                    "SELECT count(*) FROM error_alert_state", Long.class)).as("PostgreSQL holds it").isEqualTo(1));
        });
    }

    @Test
    void runWithoutSpringJdbcShouldDecideInRedisAndAlert() {
        contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.jdbc")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(JdbcDedupStore.class)
                    .hasSingleBean(RedisDedupStore.class);
            assertThat(storesOf(context)).containsExactly("redis");
            alertsOnceThrough(context, "card 5 declined without spring-jdbc");
        });
    }

    private void alertsOnceThrough(AssertableApplicationContext context, String message) throws InterruptedException {
        PaymentService payments = context.getBean(PaymentService.class);
        PaymentFailure failure = new PaymentFailure(message);
        assertThatThrownBy(() -> payments.charge(failure)).isSameAs(failure);
        AlertPipeline pipeline = context.getBean(AlertPipeline.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().judged() == 1);
        slack.awaitRequests(1, Duration.ofSeconds(15));
        assertThat(slack.requests()).hasSize(1);
        assertThat(slack.requests().get(0).body()).contains("PaymentService#charge");
    }

    private static List<String> storesOf(AssertableApplicationContext context) {
        return context.getBean(DecisionChain.class).storeStates().stream().map(DecisionChain.StoreState::store)
                .toList();
    }
}
