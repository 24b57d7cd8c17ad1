package dev.erroralert.spring.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.delivery.DeliveryException;
import dev.erroralert.delivery.DeliverySettings;
import dev.erroralert.delivery.Destination;
import dev.erroralert.delivery.Digest;
import dev.erroralert.delivery.Message;
import dev.erroralert.delivery.Outbox;
import dev.erroralert.event.CaptureSite;
import dev.erroralert.notify.Alert;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.InMemoryDedupStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryHealthIndicatorTests {

    /** A destination that takes every message, or refuses every one for good. */
    static final class ScriptedDestination implements Destination {
        volatile boolean refuses;

        @Override
        public String name() {
            return "default";
        }

        @Override
        public Message render(Digest digest) {
            return new Message("default", "payload", digest.errors() + " error(s)", digest.alerts());
        }

        @Override
        public void deliver(Message message) throws DeliveryException {
            if (refuses) {
                throw DeliveryException.permanent("HTTP 404 channel_not_found");
            }
        }
    }

    /** An outbox holding nothing but a count, or failing as a database that is down would. */
    static final class CountingOutbox implements Outbox {
        volatile long depth;
        volatile boolean down;

        @Override
        public void park(Message message) {
            throw new UnsupportedOperationException("not parking in this test");
        }

        @Override
        public int redeliver(String destination, Sender sender) {
            return 0;
        }

        @Override
        public long depth(String destination) {
            if (down) {
                throw new IllegalStateException("database down");
            }
            return depth;
        }
    }

    private final ScriptedDestination destination = new ScriptedDestination();
    private AlertPipeline pipeline;

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private DeliveryEngine deliveringThrough(@Nullable Outbox outbox) {
        DeliveryEngine delivery = new DeliveryEngine(destination, Map.of(), Map.of(), outbox,
                DeliverySettings.ofDefaults());
        DecisionChain chain = new DecisionChain(List.of(), SeedAlertPolicy.ofDefaults(), new InMemoryDedupStore(),
                Duration.ofSeconds(10));
        pipeline = AlertPipeline.builder(chain).delivery(delivery).build().start();
        return delivery;
    }

    private void alert() {
        pipeline.capture(new IllegalStateException("order 42 not found"), CaptureSite.of("com.example.Orders", "place"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detailsOf(Health health, String destination) {
        return (Map<String, Object>) health.getDetails().get(destination);
    }

    @Test
    void aDestinationThatTookTheLastMessageIsUpAndSaysWhen() {
        DeliveryHealthIndicator indicator = new DeliveryHealthIndicator(deliveringThrough(null));

        alert();
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.deliveryStats().messagesDelivered() == 1);

        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(detailsOf(health, "default")).containsEntry("status", "UP").containsKey("lastDelivered")
                .containsEntry("queued", 0).doesNotContainKey("outboxDepth");
    }

    @Test
    void aDestinationThatRefusedTheLastMessageIsDownAndSoIsDelivery() {
        destination.refuses = true;
        DeliveryHealthIndicator indicator = new DeliveryHealthIndicator(deliveringThrough(null));

        alert();
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.deliveryStats().droppedTotal() == 1);

        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(detailsOf(health, "default")).containsEntry("status", "DOWN").doesNotContainKey("lastDelivered");
    }

    @Test
    void theOutboxDepthIsShownAndAnOutboxThatCannotAnswerIsNamedWithoutFailingTheCheck() {
        CountingOutbox outbox = new CountingOutbox();
        outbox.depth = 3;
        DeliveryHealthIndicator indicator = new DeliveryHealthIndicator(deliveringThrough(outbox));

        assertThat(detailsOf(indicator.health(), "default")).containsEntry("outboxDepth", 3L);

        outbox.down = true;
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(detailsOf(health, "default")).doesNotContainKey("outboxDepth")
                .containsEntry("outboxError", "java.lang.IllegalStateException: database down");
    }
}
