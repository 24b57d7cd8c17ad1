package dev.erroralert.slack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.erroralert.delivery.DeliveryException;
import dev.erroralert.delivery.Message;
import dev.erroralert.notify.Alert;
import dev.erroralert.testsupport.SlackStandIn;
import dev.erroralert.testsupport.SlackStandIn.Answer;
import dev.erroralert.testsupport.SlackStandIn.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SlackWebhookDestinationIntegrationTests {

    private static final String SECRET_PATH = "/services/T0SECRET/B0SECRET/xSECRETx";

    private SlackStandIn slack;

    private SlackWebhookDestination webhook;

    @BeforeEach
    void startSlack() {
        slack = SlackStandIn.start();
        webhook = new SlackWebhookDestination("alerts", slack.url(SECRET_PATH));
    }

    @AfterEach
    void stopSlack() throws Exception {
        webhook.close();
        slack.close();
    }

    @Test
    void postsASingleAlertAsItsBlockKitMessage() throws Exception {
        Alert alert = new SampleAlert().build();
        Message message = webhook.render(List.of(alert));

        webhook.deliver(message);

        RecordedRequest request = slack.awaitRequests(1, Duration.ofSeconds(5)).get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(SECRET_PATH);
        assertThat(request.header("content-type")).startsWith("application/json");
        assertThat(JsonParser.parseString(request.body())).isEqualTo(SlackMessageTests.payload(alert));
        assertThat(message.destination()).isEqualTo("alerts");
        assertThat(message.alerts()).isEqualTo(1);
        assertThat(message.summary()).isEqualTo(
                "IllegalStateException in OrderService#place — 3rd occurrence in 5 min — shop (prod) [01234567]");
    }

    @Test
    void aDigestOfFiftyAlertsNamesEveryOneWithinSlacksLimits() throws Exception {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            alerts.add(new SampleAlert().first().fingerprint(i).at(1_000 + i * 100L).build());
        }
        Message message = webhook.render(alerts);

        webhook.deliver(message);

        JsonObject payload = JsonParser.parseString(slack.awaitRequests(1, Duration.ofSeconds(5)).get(0).body())
                .getAsJsonObject();
        JsonArray blocks = payload.getAsJsonArray("blocks");
        assertThat(SlackMessageTests.text(blocks, 0)).isEqualTo("50 new errors in the last 5 s");
        String lines = SlackMessageTests.sectionTexts(blocks);
        for (int i = 0; i < 50; i++) {
            assertThat(lines).contains(String.format("`%08x`", i));
        }
        // One heading for the type and location they share, then a line each with its message.
        assertThat(lines.split("\n")).hasSize(51)
                .startsWith("*IllegalStateException in OrderService#place* — 50 errors");
        assertThat(lines).contains("    • Order 42 could not be placed — 1st occurrence  `00000031`");
        SlackMessageTests.assertWithinLimits(payload);
        assertThat(payload.get("text").getAsString()).startsWith("50 new errors");
        assertThat(message.alerts()).isEqualTo(50);
        assertThat(message.summary()).startsWith("50 new errors in the last 5 s — shop (prod): ").doesNotContain("\n");
    }

    @Test
    void aMessageRenderedEarlierIsPostedAsItWasRendered() throws Exception {
        // As the outbox does: the message is kept, and delivered later by another instance after a restart.
        Message parked = webhook.render(List.of(new SampleAlert().build()));

        try (SlackWebhookDestination restarted = new SlackWebhookDestination("alerts", slack.url(SECRET_PATH))) {
            restarted.deliver(parked);
        }

        assertThat(slack.awaitRequests(1, Duration.ofSeconds(5)).get(0).body()).isEqualTo(parked.payload());
    }

    @Test
    void aServerErrorIsWorthAnotherTry() {
        slack.answerNext(Answer.status(500, "internal error at " + SECRET_PATH));

        DeliveryException failure = deliveryFailure();

        assertThat(failure.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
        assertThat(failure).hasMessageContaining("answered 500")
                .hasMessageContaining("http://127.0.0.1:" + slack.port() + "/***");
        assertNoSecretIn(failure);
    }

    @Test
    void aRateLimitSaysHowLongToWait() {
        slack.answerNext(Answer.rateLimited(2));

        DeliveryException failure = deliveryFailure();

        assertThat(failure.kind()).isEqualTo(DeliveryException.Kind.RATE_LIMITED);
        assertThat(failure.retryAfter()).hasValue(Duration.ofSeconds(2));
        assertThat(failure).hasMessageContaining("answered 429").hasMessageContaining("retry after 2 s");
        assertNoSecretIn(failure);
    }

    @Test
    void aRateLimitWithoutRetryAfterLeavesTheWaitToTheLane() {
        slack.answerNext(Answer.status(429, "rate_limited"));

        DeliveryException failure = deliveryFailure();

        assertThat(failure.kind()).isEqualTo(DeliveryException.Kind.RATE_LIMITED);
        assertThat(failure.retryAfter()).isEmpty();
    }

    @Test
    void aWebhookThatIsGoneIsRefusedForGood() {
        slack.answerNext(Answer.status(404, "no_service"));

        DeliveryException failure = deliveryFailure();

        assertThat(failure.kind()).isEqualTo(DeliveryException.Kind.PERMANENT);
        assertThat(failure).hasMessageContaining("answered 404: no_service");
        assertNoSecretIn(failure);
    }

    @Test
    void anInvalidPayloadIsRefusedForGood() {
        slack.answerNext(Answer.status(400, "invalid_payload"));

        assertThat(deliveryFailure().kind()).isEqualTo(DeliveryException.Kind.PERMANENT);
    }

    @Test
    void anUnreachableSlackIsWorthAnotherTry() throws Exception {
        String url = slack.url(SECRET_PATH);
        slack.close();

        try (SlackWebhookDestination refused = new SlackWebhookDestination("alerts", url)) {
            DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                    () -> refused.deliver(refused.render(List.of(new SampleAlert().build()))));

            assertThat(failure.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
            assertThat(failure).hasMessageContaining("could not be reached");
            assertNoSecretIn(failure);
        }
    }

    @Test
    void aSlowSlackIsWorthAnotherTryOnceTheTimeoutRunsOut() throws Exception {
        slack.answerByDefault(Answer.ok().after(Duration.ofSeconds(30)));

        try (com.slack.api.Slack client = SlackClients.create(Duration.ofMillis(300));
                SlackWebhookDestination impatient = new SlackWebhookDestination("alerts", slack.url(SECRET_PATH),
                        client)) {
            DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                    () -> impatient.deliver(impatient.render(List.of(new SampleAlert().build()))));

            assertThat(failure.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
            assertNoSecretIn(failure);
        }
    }

    @Test
    void theUrlIsInNeitherToStringNorSummary() {
        Message message = webhook.render(List.of(new SampleAlert().build(), new SampleAlert().fingerprint(2).build()));

        assertThat(webhook).hasToString("SlackWebhookDestination[name=alerts, webhook=http://127.0.0.1:" + slack.port()
                + "/***]");
        assertThat(message.summary() + message.payload()).doesNotContain("SECRET");
    }

    @Test
    void rejectsABadUrlOrNameWithoutShowingTheUrl() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SlackWebhookDestination("alerts", "ftp://hooks.slack.com" + SECRET_PATH))
                .withMessageNotContaining("SECRET");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SlackWebhookDestination(" ", "https://hooks.slack.com" + SECRET_PATH))
                .withMessageNotContaining("SECRET");
    }

    private DeliveryException deliveryFailure() {
        return catchThrowableOfType(DeliveryException.class,
                () -> webhook.deliver(webhook.render(List.of(new SampleAlert().build()))));
    }

    private static void assertNoSecretIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(t.getMessage()).doesNotContain("SECRET");
            assertThat(t.toString()).doesNotContain("SECRET");
        }
    }
}
