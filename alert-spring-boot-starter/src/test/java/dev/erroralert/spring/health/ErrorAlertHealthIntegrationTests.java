package dev.erroralert.spring.health;

import java.time.Duration;

import dev.erroralert.spring.autoconfigure.ErrorAlertAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertHealthAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertRedisAutoConfiguration;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Redis store's health against a real Redis that stops and comes back. */
class ErrorAlertHealthIntegrationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ErrorAlertAutoConfiguration.class,
                    ErrorAlertRedisAutoConfiguration.class, ErrorAlertHealthAutoConfiguration.class));

    @Test
    void theRedisStoreIsDownAtTheFirstCheckAfterRedisStopsAndUpAgainOnceItIsBack() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.startNew()) {
            this.contextRunner.withPropertyValues("error-alert.redis.url=" + redis.uri(),
                    "error-alert.chain.cool-down=1s").run(context -> {
                        HealthIndicator store = (HealthIndicator) context
                                .getBean("errorAlertHealthContributor", CompositeHealthContributor.class)
                                .getContributor("redis");
                        assertThat(store.health().getStatus()).isEqualTo(Status.UP);

                        redis.stop();

                        // Each check probes the store: the first one after the stop sees it, not one cool-down later.
                        Health down = store.health();
                        assertThat(down.getStatus()).isEqualTo(new Status("DEGRADED"));
                        assertThat(down.getDetails()).containsEntry("circuit", "OPEN").containsKey("error");

                        redis.start();

                        // Back once a check after the cool-down finds it answering (Lettuce reconnects meanwhile).
                        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                                .until(() -> store.health().getStatus().equals(Status.UP));
                        assertThat(store.health().getDetails()).containsEntry("circuit", "CLOSED");
                    });
        }
    }
}
