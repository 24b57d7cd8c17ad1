package dev.erroralert.spring;

import java.time.Duration;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.pipeline.AlertPipeline;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slack's answers that echo the webhook's secret path or the bot token — as they are, URL-encoded, JSON-escaped —
 * with the Slack SDK's logging at DEBUG: the delivery errors error-alert logs, and the SDK's own lines, show none of
 * them.
 */
@ExtendWith(OutputCaptureExtension.class)
class SlackSecretsInErrorsIntegrationTests {

    // "Zq7" marks the secret parts: nothing else in the log holds it.
    private static final String WEBHOOK_PATH = "/services/T0Zq7/B0Zq7/Zq7Echo=Path&9";

    private static final String TOKEN = "xoxb-1111-2222-Zq7TokenSecret";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ShopApplication {
    }

    private SlackStandIn slack;

    private ConfigurableApplicationContext context;

    @BeforeEach
    void startSlack() {
        slack = SlackStandIn.start();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        slack.close();
    }

    private void bootAndFail(String... properties) {
        context = new SpringApplicationBuilder(ShopApplication.class).web(WebApplicationType.NONE)
                .properties("spring.application.name=shop", "error-alert.redis.enabled=false",
                        "spring.autoconfigure.exclude="
                                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                        "logging.level.com.slack.api=DEBUG", "error-alert.delivery.max-attempts=1")
                .properties(properties).run();
        context.getBean(AlertPipeline.class).capture(new IllegalStateException("order 42 not found"),
                CaptureSite.of("com.example.OrderService", "place"));
    }

    @Test
    void aWebhookPathEchoedInAnyEncodingIsNeverLogged(CapturedOutput output) {
        slack.answerByDefault(Answer.status(404, "no_service " + WEBHOOK_PATH
                + " %2Fservices%2FT0Zq7%2FB0Zq7%2FZq7Echo%3DPath%269"
                + " {\"path\":\"\\/services\\/T0Zq7\\/B0Zq7\\/Zq7Echo\\u003dPath\\u00269\"}"));

        bootAndFail("error-alert.slack.webhook-url=" + slack.url(WEBHOOK_PATH));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getAll())
                .contains("answered 404: no_service /***"));
        assertThat(output.getAll()).doesNotContain("Zq7");
    }

    @Test
    void aBotTokenEchoedInAnErrorBodyTheSdkCannotParseIsNeverLogged(CapturedOutput output) {
        slack.answerByDefault(Answer.status(502, "<html>Bad gateway for Authorization: Bearer " + TOKEN
                + " (token=" + TOKEN + ")</html>"));

        bootAndFail("error-alert.slack.bot-token=" + TOKEN, "error-alert.slack.channel=C0123456789",
                "error-alert.slack.api-url=" + slack.url("/api/"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getAll())
                .contains("answered 502"));
        assertThat(output.getAll()).doesNotContain("Zq7");
    }
}
