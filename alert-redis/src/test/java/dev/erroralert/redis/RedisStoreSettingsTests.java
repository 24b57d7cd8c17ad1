package dev.erroralert.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class RedisStoreSettingsTests {

    private static final Duration SHORT = Duration.ofMillis(200);

    @Test
    void defaultsAreShortTimeoutsAndTheLibraryPrefix() {
        RedisStoreSettings settings = RedisStoreSettings.ofDefaults();

        assertThat(settings.keyPrefix()).isEqualTo("error-alert:");
        assertThat(settings.commandTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void keyPrefixWithABraceIsRejectedByName() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RedisStoreSettings("app{1}:", SHORT, SHORT))
                .withMessageContaining("keyPrefix").withMessageContaining("app{1}:");
    }

    @Test
    void zeroCommandTimeoutIsRejectedByName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RedisStoreSettings("app:", Duration.ZERO, SHORT))
                .withMessageContaining("commandTimeout").withMessageContaining("PT0S");
    }

    @Test
    void negativeConnectTimeoutIsRejectedByName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RedisStoreSettings("app:", SHORT, Duration.ofMillis(-5)))
                .withMessageContaining("connectTimeout").withMessageContaining("-0.005S");
    }

    @Test
    void missingValueIsRejectedByName() {
        assertThatNullPointerException().isThrownBy(() -> new RedisStoreSettings(null, SHORT, SHORT))
                .withMessage("keyPrefix");
        assertThatNullPointerException().isThrownBy(() -> new RedisStoreSettings("app:", SHORT, null))
                .withMessage("connectTimeout");
    }
}
