package dev.erroralert.spring.autoconfigure;

import java.util.List;
import java.util.regex.Pattern;

import dev.erroralert.notify.SecretMasker;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizableData;

import static org.assertj.core.api.Assertions.assertThat;

class SecretPropertiesSanitizerTests {

    private final SecretPropertiesSanitizer sanitizer = new SecretPropertiesSanitizer(SecretMasker.none());

    private Object shown(String key, Object value) {
        return sanitizer.apply(new SanitizableData(null, key, value)).getValue();
    }

    @Test
    void masksWebhookUrlsAndBotTokensByName() {
        assertThat(shown("error-alert.slack.webhook-url", "https://hooks.slack.com/services/T/B/secret"))
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
        assertThat(shown("error-alert.slack.routes.payments.webhook-url", "https://hooks.slack.com/x"))
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
        assertThat(shown("webhookUrl", "https://hooks.slack.com/x")).isEqualTo(SanitizableData.SANITIZED_VALUE);
        assertThat(shown("error-alert.slack.bot-token", "xoxb-1-2-3")).isEqualTo(SanitizableData.SANITIZED_VALUE);
        assertThat(shown("botToken", "xoxb-1-2-3")).isEqualTo(SanitizableData.SANITIZED_VALUE);
    }

    @Test
    void masksAnyUrlThatCarriesCredentials() {
        assertThat(shown("error-alert.redis.url", "redis://app:hunter2@redis:6379"))
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
        assertThat(shown("url", "rediss://:hunter2@redis:6380")).isEqualTo(SanitizableData.SANITIZED_VALUE);
    }

    @Test
    void masksWebhookUrlsAndBotTokensByNameInEveryRelaxedForm() {
        for (String key : new String[] { "ERROR_ALERT_SLACK_BOT_TOKEN", "error_alert.slack.bot_token",
                "SLACK_WEBHOOK_URL", "error-alert.slack.routes.ops.webhookUrl", "Error.Alert.Slack.Webhook-Url" }) {
            assertThat(shown(key, "anything")).as(key).isEqualTo(SanitizableData.SANITIZED_VALUE);
        }
    }

    @Test
    void masksValuesThatHoldASecretWhateverTheirName() {
        for (String value : new String[] { "https://hooks.slack.com/services/T0/B0/XXXX", "xoxb-1-2-abcdefgh",
                "{\"error-alert\":{\"slack\":{\"webhook-url\":\"https://hooks.slack.com/services/T0/B0/X\"}}}",
                "shop.jar --server.port=8080 --error-alert.slack.bot-token=xoxb-1-2-abcdefgh",
                "jdbc:postgresql://db:5432/shop?user=app&password=s3cr3t", "jdbc:oracle:thin:scott/tiger@db:1521/ORCL",
                "see redis://app:hunter2@redis:6379 and more" }) {
            assertThat(shown("SOME_SETTING", value)).as(value).isEqualTo(SanitizableData.SANITIZED_VALUE);
        }
    }

    @Test
    void masksWhatTheApplicationsOwnPatternsFind() {
        SecretPropertiesSanitizer withPatterns = new SecretPropertiesSanitizer(
                SecretMasker.none().and(List.of(Pattern.compile("tenant-key-[0-9]+"))));

        assertThat(withPatterns.apply(new SanitizableData(null, "app.tenant", "tenant-key-42")).getValue())
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
    }

    @Test
    void leavesEverythingElseAlone() {
        assertThat(shown("error-alert.redis.url", "redis://redis:6379")).isEqualTo("redis://redis:6379");
        assertThat(shown("error-alert.slack.channel", "C123")).isEqualTo("C123");
        assertThat(shown("spring.datasource.url", "jdbc:postgresql://db:5432/shop"))
                .isEqualTo("jdbc:postgresql://db:5432/shop");
        assertThat(shown("sun.java.command", "shop.jar --server.port=8080")).isEqualTo("shop.jar --server.port=8080");
    }
}
