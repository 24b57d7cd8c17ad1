package dev.erroralert.slack;

import com.slack.api.Slack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SlackNotifierTests {

    private static final String WEBHOOK = "https://hooks.slack.com/services/T0SECRET/B0SECRET/xSECRETx";

    @Test
    void toStringShowsOnlySchemeAndHost() throws Exception {
        try (SlackNotifier notifier = new SlackNotifier(WEBHOOK)) {
            assertThat(notifier).hasToString("SlackNotifier[webhook=https://hooks.slack.com/***]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "hooks.slack.com/services/T0SECRET/B0SECRET/xSECRETx",
            "/services/T0SECRET/B0SECRET/xSECRETx",
            "ftp://hooks.slack.com/services/T0SECRET/B0SECRET/xSECRETx",
            "https:///services/T0SECRET/B0SECRET/xSECRETx",
            "https:hooks.slack.com/services/T0SECRET/B0SECRET/xSECRETx",
            "https://hooks.slack.com/services/T0SECRET/B0SECRET/x SECRET x",
            "https://hooks.slack.com:99999/services/T0SECRET/B0SECRET/xSECRETx",
            "" })
    void rejectsAnythingButAnAbsoluteHttpUrlWithAHostWithoutShowingIt(String url) {
        assertThatIllegalArgumentException().isThrownBy(() -> new SlackNotifier(url))
                .withMessageContaining("Slack webhook URL")
                .withMessageNotContaining("SECRET");
    }

    @Test
    void saysWhichSchemeAndHostItGotWhenItRejectsAUrl() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SlackNotifier("ftp://hooks.slack.com/services/T0SECRET/B0SECRET/xSECRETx"))
                .withMessageEndingWith("got ftp://hooks.slack.com/***");
    }

    @Test
    void theOwnClientGivesUpWithinAFewSecondsAndLogsNoUrl() throws Exception {
        try (Slack slack = SlackNotifier.slack(SlackNotifier.DEFAULT_TIMEOUT)) {
            assertThat(slack.getConfig().getHttpClientCallTimeoutMillis()).isBetween(1, 5_000);
            assertThat(slack.getHttpClient().getOkHttpClient().callTimeoutMillis()).isBetween(1, 5_000);
            assertThat(slack.getConfig().getHttpClientResponseHandlers()).isEmpty();
        }
    }
}
