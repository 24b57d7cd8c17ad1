package dev.erroralert.spring;

import java.time.Duration;

import dev.erroralert.testsupport.SlackStandIn;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Redis and the database are both down when the application starts: it starts, says so, and still alerts. */
@ExtendWith(OutputCaptureExtension.class)
class UnreachableStoresAtStartupIntegrationTests {

    @AlertOnError
    static class OrderService {
        public void place() {
            throw new IllegalStateException("order service down");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        OrderService orderService() {
            return new OrderService();
        }
    }

    @Test
    void aMalformedWebhookUrlFailsTheStartWithoutPrintingIt(CapturedOutput output) {
        org.assertj.core.api.Assertions.assertThatException().isThrownBy(() -> new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("error-alert.slack.webhook-url=hooks.slack.com/services/T0/B0/SUPERSECRETPATH")
                .run());

        assertThat(output.getAll()).contains("error-alert.slack.webhook-url").doesNotContain("SUPERSECRETPATH");
    }

    @Test
    void startsWarnsAndAlertsDirectly(CapturedOutput output) {
        try (SlackStandIn slack = SlackStandIn.start();
                ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                        .web(WebApplicationType.NONE)
                        .properties("error-alert.redis.url=redis://127.0.0.1:1",
                                "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/shop",
                                "spring.datasource.hikari.connection-timeout=250",
                                "error-alert.slack.webhook-url=" + slack.url("/services/T/B/X"))
                        .run()) {

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(output.getOut())
                    .contains("the redis store is unreachable at start-up")
                    .contains("the jdbc store is unreachable at start-up"));

            assertThatThrownBy(() -> context.getBean(OrderService.class).place())
                    .hasMessage("order service down");
            assertThat(slack.awaitRequests(1, Duration.ofSeconds(15))).hasSize(1);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
