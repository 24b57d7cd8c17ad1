package dev.erroralert.spring.metrics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.spring.autoconfigure.ErrorAlertAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertJdbcAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertMetricsAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertRedisAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertSlackAutoConfiguration;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.SlackStandIn;
import dev.erroralert.testsupport.SlackStandIn.Answer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters after scripted scenarios, in Spring Boot's own simple registry: one error repeating until it is
 * suppressed while Redis is down and Slack answers 500 with no outbox to park in; then Slack failing twice, the alert
 * parked in the outbox and redelivered, and a new error delivered at once.
 */
class ErrorAlertMetricsIntegrationTests {

    private static final CaptureSite ORDERS = CaptureSite.of("com.example.OrderService", "place");

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    ErrorAlertAutoConfiguration.class, ErrorAlertRedisAutoConfiguration.class,
                    ErrorAlertJdbcAutoConfiguration.class, ErrorAlertSlackAutoConfiguration.class,
                    ErrorAlertMetricsAutoConfiguration.class))
            .withPropertyValues("error-alert.policy.suppress-after=1", "error-alert.delivery.max-attempts=2",
                    "error-alert.delivery.initial-backoff=10ms", "error-alert.delivery.max-backoff=20ms",
                    "error-alert.delivery.outbox-check-interval=200ms");

    private SlackStandIn slack;

    @BeforeEach
    void startSlack() {
        slack = SlackStandIn.start();
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void awaitUntil(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(20)).until(condition::getAsBoolean);
    }

    private static double count(MeterRegistry registry, String name, String... tags) {
        RequiredSearch search = registry.get(name).tags(tags);
        return search.counter().count();
    }

    @Test
    void anErrorRepeatingWhileRedisIsDownAndSlackAnswers500WithoutAnOutbox() throws IOException {
        slack.answerByDefault(Answer.status(500, "boom"));
        this.contextRunner.withPropertyValues("error-alert.redis.url=redis://127.0.0.1:" + closedPort(),
                "error-alert.chain.cool-down=1h", "error-alert.slack.webhook-url=" + slack.url("/services/T/B/X"))
                .run(context -> {
                    AlertPipeline pipeline = context.getBean(AlertPipeline.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);

                    // One at a time: new, repeat (capped: suppress-after is 1), then suppressed twice. Each alert's
                    // delivery ends (retried once, then dropped: there is no outbox) before the next occurrence.
                    long[] sentAfter = { 1, 2, 2, 2 };
                    for (int i = 0; i < 4; i++) {
                        pipeline.capture(new IllegalStateException("order " + i + " not found"), ORDERS);
                        long judged = i + 1;
                        long sent = sentAfter[i];
                        awaitUntil(() -> pipeline.stats().judged() == judged
                                && pipeline.deliveryStats().droppedTotal() == sent);
                    }

                    assertThat(registry.get(ErrorAlertMeters.OCCURRENCES).functionCounter().count()).isEqualTo(4);
                    // Redis failed once and was skipped since; the direct link's guard ("memory") decided instead. From
                    // the capped alert (the second) on, the error is known to stay suppressed: the third and fourth
                    // were counted here for the slow sync, the chain was not asked.
                    assertThat(registry.get(ErrorAlertMeters.STORE_FALL_THROUGHS).tag(ErrorAlertMeters.STORE, "redis")
                            .functionCounter().count()).isEqualTo(2);
                    assertThat(registry.get(ErrorAlertMeters.STORE_CIRCUIT).tag(ErrorAlertMeters.STORE, "redis")
                            .gauge().value()).as("open").isEqualTo(2);
                    assertThat(count(registry, ErrorAlertMeters.DECISIONS, "store", "memory", "outcome", "sent"))
                            .isEqualTo(2);
                    assertThat(count(registry, ErrorAlertMeters.DECISIONS, "store", "memory", "outcome", "suppressed"))
                            .isEqualTo(2);
                    assertThat(count(registry, ErrorAlertMeters.OCCURRENCES_JUDGED, "store", "memory", "outcome",
                            "suppressed")).isEqualTo(2);
                    assertThat(registry.get(ErrorAlertMeters.DECISION_DURATION).tag(ErrorAlertMeters.STORE, "memory")
                            .timer().count()).isEqualTo(4);
                    assertThat(registry.find(ErrorAlertMeters.DECISIONS).tag(ErrorAlertMeters.STORE, "redis")
                            .counter()).as("redis decided nothing").isNull();

                    assertThat(count(registry, ErrorAlertMeters.DELIVERIES, "destination", "default", "result",
                            "retried", "reason", "none")).isEqualTo(2);
                    assertThat(count(registry, ErrorAlertMeters.DELIVERIES, "destination", "default", "result",
                            "dropped", "reason", "no-outbox")).isEqualTo(2);
                    assertThat(registry.find(ErrorAlertMeters.DELIVERIES).tag(ErrorAlertMeters.RESULT, "delivered")
                            .counter()).isNull();
                    assertThat(registry.find(ErrorAlertMeters.DELIVERY_LATENCY).timer()).isNull();
                    assertThat(slack.requests()).as("two alerts, two attempts each").hasSize(4);

                    assertThat(registry.get(ErrorAlertMeters.AGGREGATOR_SIZE).gauge().value()).isEqualTo(1);
                    assertThat(registry.get(ErrorAlertMeters.HAND_OFF_OVERFLOW).functionCounter().count()).isZero();
                    assertThat(registry.get(ErrorAlertMeters.HAND_OFF_UNATTRIBUTED).functionCounter().count())
                            .isZero();
                });
    }

    @Test
    void slackFailingTwiceParksTheAlertInTheOutboxThenItIsRedeliveredAndANewErrorIsDelivered() {
        slack.answerNext(Answer.status(500, "boom"), Answer.status(500, "boom"));
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.startNew()) {
            this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                    .withPropertyValues("error-alert.redis.url=" + redis.uri(),
                            "spring.datasource.url=jdbc:h2:mem:metrics-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                            "error-alert.slack.webhook-url=" + slack.url("/services/T/B/X"))
                    .run(context -> {
                        AlertPipeline pipeline = context.getBean(AlertPipeline.class);
                        MeterRegistry registry = context.getBean(MeterRegistry.class);

                        pipeline.capture(new IllegalStateException("order 1 not found"), ORDERS);
                        awaitUntil(() -> pipeline.deliveryStats().redelivered() == 1);
                        pipeline.capture(new IllegalArgumentException("coupon expired"), ORDERS);
                        awaitUntil(() -> pipeline.deliveryStats().messagesDelivered() == 2);

                        assertThat(count(registry, ErrorAlertMeters.DECISIONS, "store", "redis", "outcome", "sent"))
                                .isEqualTo(2);
                        assertThat(registry.get(ErrorAlertMeters.STORE_FALL_THROUGHS)
                                .tag(ErrorAlertMeters.STORE, "redis").functionCounter().count()).isZero();
                        assertThat(registry.get(ErrorAlertMeters.STORE_CIRCUIT).tag(ErrorAlertMeters.STORE, "jdbc")
                                .gauge().value()).as("closed").isZero();
                        assertThat(count(registry, ErrorAlertMeters.DELIVERIES, "destination", "default", "result",
                                "retried", "reason", "none")).isEqualTo(1);
                        assertThat(count(registry, ErrorAlertMeters.DELIVERIES, "destination", "default", "result",
                                "parked", "reason", "none")).isEqualTo(1);
                        assertThat(count(registry, ErrorAlertMeters.DELIVERIES, "destination", "default", "result",
                                "redelivered", "reason", "none")).isEqualTo(1);
                        assertThat(count(registry, ErrorAlertMeters.DELIVERIES, "destination", "default", "result",
                                "delivered", "reason", "none")).isEqualTo(1);
                        assertThat(registry.find(ErrorAlertMeters.DELIVERIES).tag(ErrorAlertMeters.RESULT, "dropped")
                                .counter()).isNull();
                        assertThat(registry.get(ErrorAlertMeters.DELIVERY_LATENCY)
                                .tag(ErrorAlertMeters.DESTINATION, "default").timer().count())
                                .as("the fresh delivery only").isEqualTo(1);
                        assertThat(slack.requests()).as("two failures, the redelivery, the new error").hasSize(4);
                    });
        }
    }
}
