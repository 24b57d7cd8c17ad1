package dev.erroralert.spring;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.erroralert.spring.Fleet.Instance;
import dev.erroralert.spring.shop.ShopApplication.PaymentDeclined;
import dev.erroralert.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.erroralert.spring.Fleet.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mute set through one instance's {@code erroralerts} endpoint, as an operator sets it: two booted instances sharing
 * Redis, PostgreSQL and Slack, each holding back the muted error's alerts (and counting them as muted) once it has
 * read the mute, until the mute ends or is lifted through the other instance.
 */
class MuteAcrossInstancesIntegrationTests {

    private static final String DECLINED = PaymentDeclined.class.getName();

    private SlackStandIn slack;
    private Fleet fleet;

    @BeforeEach
    void start() {
        slack = SlackStandIn.start();
        fleet = new Fleet(slack, true, "error-alert.mutes.refresh-interval=200ms",
                // Soon in the history, so the endpoint can name the error after its first alert.
                "error-alert.history.write-back-interval=200ms");
    }

    @AfterEach
    void stop() {
        fleet.close();
        slack.close();
    }

    private void awaitSlackRequests(int count) throws InterruptedException {
        slack.awaitRequests(count, Duration.ofSeconds(15));
    }

    private String lastSlackText() {
        List<SlackStandIn.RecordedRequest> requests = slack.requests();
        return DeliveryEndToEndIntegrationTests.decoded(requests.get(requests.size() - 1));
    }

    @Test
    void aFingerprintMutedThroughOneInstanceIsHeldBackOnBothUntilTheMuteEnds() throws InterruptedException {
        Instance a = fleet.start();
        Instance b = fleet.start();
        String message = "card declined by the issuer";
        a.charge(message);
        awaitSlackRequests(1);
        String firstAlert = lastSlackText();
        // The operator finds the error's fingerprint in the endpoint, by the short id the alert showed.
        await().atMost(Duration.ofSeconds(15)).until(() -> !a.get("/actuator/erroralerts").get("recent").isEmpty());
        JsonNode error = a.get("/actuator/erroralerts").get("recent").get(0);
        String fingerprint = error.get("fingerprint").stringValue();
        assertThat(firstAlert).contains(error.get("shortId").stringValue(), "1st occurrence");
        String target = "fingerprint:" + fingerprint;

        JsonNode muted = a.post("/actuator/erroralerts", "{\"target\":\"" + target + "\",\"duration\":\"5s\"}");

        assertThat(muted.get("stores")).extracting(JsonNode::stringValue).containsExactly("redis", "jdbc");
        Instant until = Instant.parse(muted.get("until").stringValue());
        // B knows of the mute only from the stores, at its next refresh.
        await().atMost(Duration.ofSeconds(10)).until(() -> b.mutes().contains(target));
        a.charge(message);
        b.charge(message);
        assertThat(Instant.now()).as("judged while the mute was in force").isBefore(until);
        assertThat(a.pipeline().stats().alertsMuted()).isEqualTo(1);
        assertThat(b.pipeline().stats().alertsMuted()).isEqualTo(1);
        assertThat(a.pipeline().stats().alertsSent() + b.pipeline().stats().alertsSent()).isEqualTo(1);
        assertThat(slack.requests()).hasSize(1);

        // Once the mute ended, without anyone lifting it, the error alerts again; first on B, which did not set it.
        await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().isAfter(until));
        b.charge(message);
        awaitSlackRequests(2);
        assertThat(lastSlackText()).contains(error.get("shortId").stringValue(), "4th occurrence");
        assertThat(b.pipeline().stats().alertsMuted()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.mutes().isEmpty() && b.mutes().isEmpty());
        a.charge(message);
        awaitSlackRequests(3);
        assertThat(lastSlackText()).contains("5th occurrence");
        assertThat(a.pipeline().stats().alertsMuted()).isEqualTo(1);
    }

    @Test
    void anExceptionTypeMutedThroughOneInstanceHoldsBackEachOfItsErrorsOnBothUntilLiftedThroughTheOther()
            throws InterruptedException {
        Instance a = fleet.start();
        Instance b = fleet.start();
        String target = "type:" + DECLINED;

        JsonNode muted = b.post("/actuator/erroralerts?target=" + query(target) + "&duration=10m", "{}");

        assertThat(muted.get("kind").stringValue()).isEqualTo("type");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.mutes().contains(target));
        // Two errors of the muted type, two fingerprints, on both instances: not one alert.
        a.charge("card declined by the issuer");
        b.charge("card declined by the issuer");
        a.charge("insufficient funds on the account");
        b.charge("insufficient funds on the account");
        assertThat(a.pipeline().stats().alertsMuted()).isEqualTo(2);
        assertThat(b.pipeline().stats().alertsMuted()).isEqualTo(2);
        // Another type is not muted: its alert arrives, and it is the only one.
        a.refund("refund service unavailable");
        awaitSlackRequests(1);
        assertThat(lastSlackText()).contains("IllegalStateException", "refund service unavailable");
        assertThat(slack.requests()).hasSize(1);

        JsonNode unmuted = a.delete("/actuator/erroralerts?target=" + query(target));

        assertThat(unmuted.get("stores")).extracting(JsonNode::stringValue).containsExactly("redis", "jdbc");
        assertThat(unmuted.get("stillMutedByConfiguration").booleanValue()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.mutes().isEmpty());
        b.charge("insufficient funds on the account");
        awaitSlackRequests(2);
        assertThat(lastSlackText()).contains("PaymentDeclined", "insufficient funds", "3rd occurrence");
        assertThat(a.pipeline().stats().alertsMuted() + b.pipeline().stats().alertsMuted()).isEqualTo(4);
    }
}
