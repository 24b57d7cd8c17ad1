package dev.erroralert.spring.autoconfigure;

import dev.erroralert.jdbc.JdbcStoreSettings;
import dev.erroralert.pipeline.PipelineSettings;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.redis.RedisStoreSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorAlertPropertiesTests {

    private final ErrorAlertProperties properties = new ErrorAlertProperties();

    @Test
    void defaultsAreTheLibrarysDefaults() {
        // Written out as literals in the properties so the generated metadata shows them; kept equal here.
        assertThat(properties.getPolicy().getFirstWindow()).isEqualTo(SeedAlertPolicy.DEFAULT_FIRST_WINDOW);
        assertThat(properties.getPolicy().getRepeatWindow()).isEqualTo(SeedAlertPolicy.DEFAULT_REPEAT_WINDOW);
        assertThat(properties.getPolicy().getSuppressAfter()).isEqualTo(SeedAlertPolicy.DEFAULT_SUPPRESS_AFTER);
        assertThat(properties.getPipeline().toSettings()).isEqualTo(PipelineSettings.ofDefaults());
        assertThat(new ErrorAlertJdbcProperties().toSettings(true)).isEqualTo(JdbcStoreSettings.ofDefaults());
        assertThat(new ErrorAlertRedisProperties().toSettings(false, false)).isEqualTo(RedisStoreSettings.ofDefaults());
    }

    @Test
    void secretsAreMaskedInToString() {
        ErrorAlertSlackProperties slack = new ErrorAlertSlackProperties();
        slack.setWebhookUrl("https://hooks.slack.com/services/T0/B0/topsecret");
        ErrorAlertRedisProperties redis = new ErrorAlertRedisProperties();
        redis.setUrl("redis://user:hunter2@redis:6379");

        assertThat(slack.toString()).doesNotContain("topsecret", "hooks.slack.com");
        assertThat(redis.toString()).doesNotContain("hunter2");
    }
}
