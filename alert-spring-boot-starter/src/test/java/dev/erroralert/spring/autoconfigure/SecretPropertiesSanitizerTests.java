package dev.erroralert.spring.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizableData;

import static org.assertj.core.api.Assertions.assertThat;

class SecretPropertiesSanitizerTests {

    private final SecretPropertiesSanitizer sanitizer = new SecretPropertiesSanitizer();

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
    void leavesEverythingElseAlone() {
        assertThat(shown("error-alert.redis.url", "redis://redis:6379")).isEqualTo("redis://redis:6379");
        assertThat(shown("error-alert.slack.channel", "C123")).isEqualTo("C123");
    }
}
