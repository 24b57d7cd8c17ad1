package dev.erroralert.slack;

import java.time.Duration;

import com.slack.api.Slack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SlackClientsTests {

    @Test
    void aClientGivesUpWithinItsTimeoutLogsNoUrlAndMakesNoCallOfItsOwn() throws Exception {
        try (Slack slack = SlackClients.create(Duration.ofMillis(1_500))) {
            assertThat(slack.getHttpClient().getOkHttpClient().callTimeoutMillis()).isEqualTo(1_500);
            assertThat(slack.getHttpClient().getOkHttpClient().readTimeoutMillis()).isEqualTo(1_500);
            assertThat(slack.getConfig().getHttpClientResponseHandlers()).isEmpty();
            // With statistics on, the SDK would call auth.test before the first chat.postMessage of a token.
            assertThat(slack.getConfig().getMethodsConfig().isStatsEnabled()).isFalse();
        }
    }

    @Test
    void rejectsATimeoutThatIsNotPositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> SlackClients.create(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> SlackClients.create(Duration.ofMillis(-1)));
    }

    @Test
    void rejectsAnApiUrlThatIsNotAnHttpUrlWithoutShowingIt() {
        for (String apiUrl : new String[] { "ftp://user:Zq7pw@proxy/api/", "proxy:8080/api", "http://[bad Zq7" }) {
            assertThatIllegalArgumentException().isThrownBy(() -> SlackClients.create(Duration.ofSeconds(1), apiUrl))
                    .withMessageContaining("API URL").withMessageNotContaining("Zq7").withMessageNotContaining("proxy");
        }
    }
}
