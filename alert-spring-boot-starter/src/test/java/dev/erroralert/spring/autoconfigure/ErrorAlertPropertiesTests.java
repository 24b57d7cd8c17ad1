package dev.erroralert.spring.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.erroralert.jdbc.JdbcStoreSettings;
import dev.erroralert.pipeline.PipelineSettings;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.redis.RedisStoreSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

    @Test
    void webCaptureAlertsEvery5xxByDefaultAndTheListedCodesAndClassesWhenSet() {
        ErrorAlertProperties.Capture.Mvc mvc = properties.getCapture().getMvc();
        assertThat(mvc.alerts(500)).isTrue();
        assertThat(mvc.alerts(503)).isTrue();
        assertThat(mvc.alerts(404)).isFalse();

        mvc.setStatuses(List.of("500", " 4XX "));

        assertThat(mvc.alerts(500)).isTrue();
        assertThat(mvc.alerts(503)).isFalse();
        assertThat(mvc.alerts(429)).isTrue();
    }

    @Test
    void aStatusThatIsNeitherACodeNorAClassIsRefusedNamingTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties.getCapture().getWebflux().setStatuses(List.of("5x")))
                .withMessageContaining("error-alert.capture.webflux.statuses");
    }

    @Test
    void remindersComeHourlyAndZeroTurnsThemOff() {
        assertThat(properties.getReminder().getInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.getReminder().isEnabled()).isTrue();

        properties.getReminder().setInterval(Duration.ZERO);

        assertThat(properties.getReminder().isEnabled()).isFalse();
    }

    @Test
    void aReminderIntervalBelowAMillisecondOrBeyondAYearIsRefusedNamingTheProperty() {
        assertThatIllegalArgumentException().isThrownBy(() -> properties.getReminder().setInterval(Duration.ofNanos(1)))
                .withMessageContaining("error-alert.reminder.interval");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties.getReminder().setInterval(Duration.ofSeconds(Long.MAX_VALUE)))
                .withMessageContaining("error-alert.reminder.interval");
        assertThatIllegalArgumentException().isThrownBy(() -> properties.getReminder().setCheckInterval(Duration.ZERO))
                .withMessageContaining("error-alert.reminder.check-interval");
    }
}
