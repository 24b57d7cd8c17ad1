package dev.erroralert.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.erroralert.delivery.DeliveryObserver.Event;
import dev.erroralert.delivery.DeliveryObserver.Result;
import dev.erroralert.notify.Alert;
import dev.erroralert.testsupport.RecordingDestination;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class DeliveryObserverTests {

    private final RecordingDestination slack = new RecordingDestination("default");
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private DeliveryEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close(Duration.ofSeconds(5));
        }
    }

    private DeliveryEngine start(@Nullable Outbox outbox, DeliveryObserver observer) {
        DeliverySettings settings = new DeliverySettings(100, 10, 2, Duration.ofMillis(20), Duration.ofMillis(100),
                Duration.ofSeconds(1), 1_000, Duration.ofMillis(200));
        engine = new DeliveryEngine(slack, Map.of(), Map.of(), outbox, settings, observer).start();
        return engine;
    }

    private static Alert capturedAgo(Duration ago) {
        Alert alert = DeliveryEngineTests.alert("order 42 not found");
        return new Alert(alert.fingerprint(), alert.decision(), alert.error(), alert.site(), alert.origin(),
                alert.threadName(), alert.context(), alert.windows(), System.currentTimeMillis() - ago.toMillis());
    }

    @Test
    void aDeliveredMessageIsToldWithTheTimeSinceItsAlertWasCaptured() {
        start(null, events::add);

        engine.submit(capturedAgo(Duration.ofSeconds(2)));

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.stats().messagesDelivered() == 1);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.destination()).isEqualTo("default");
            assertThat(event.result()).isEqualTo(Result.DELIVERED);
            assertThat(event.alerts()).isEqualTo(1);
            assertThat(event.reason()).isNull();
            assertThat(event.sinceCapture()).singleElement()
                    .satisfies(latency -> assertThat(latency).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
        });
        DeliveryEngine.DestinationState state = engine.destinations().get(0);
        assertThat(state.name()).isEqualTo("default");
        assertThat(state.lastDelivered()).isNotNull();
        assertThat(state.down()).isFalse();
    }

    @Test
    void aDestinationDownPastItsAttemptsIsToldRetriedParkedThenRedelivered() {
        slack.failures.add(DeliveryException.retryable("HTTP 500"));
        slack.failures.add(DeliveryException.retryable("HTTP 500"));
        start(outbox, events::add);

        engine.submit(DeliveryEngineTests.alert("order 42 not found"));

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.stats().redelivered() == 1);
        assertThat(events).extracting(Event::result).containsExactly(Result.RETRIED, Result.PARKED,
                Result.REDELIVERED);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.alerts()).isEqualTo(1);
            assertThat(event.sinceCapture()).isEmpty();
        });
        assertThat(engine.outboxDepth("default")).isEqualTo(OptionalLong.of(0));
        assertThat(engine.destinations().get(0).down()).as("up again since the redelivery").isFalse();
    }

    @Test
    void aRateLimitIsToldAndSoIsTheRetryThatFollows() {
        slack.failures.add(DeliveryException.rateLimited("HTTP 429", Duration.ofMillis(100)));
        start(null, events::add);

        engine.submit(DeliveryEngineTests.alert("order 42 not found"));

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.stats().messagesDelivered() == 1);
        assertThat(events).extracting(Event::result).containsExactly(Result.RATE_LIMITED, Result.RETRIED,
                Result.DELIVERED);
    }

    @Test
    void withoutAnOutboxAMessageGivenUpOnIsToldDroppedWithItsReason() {
        slack.failures.add(DeliveryException.permanent("HTTP 404 no_service"));
        start(null, events::add);

        engine.submit(DeliveryEngineTests.alert("order 42 not found"));

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.stats().droppedTotal() == 1);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.result()).isEqualTo(Result.DROPPED);
            assertThat(event.reason()).isEqualTo("no-outbox");
        });
        DeliveryEngine.DestinationState state = engine.destinations().get(0);
        assertThat(state.down()).isTrue();
        assertThat(state.lastDelivered()).isNull();
        assertThat(engine.outboxDepth("default")).isEmpty();
    }

    @Test
    void withTheOutboxDownTooAMessageIsToldDroppedAsOutboxUnavailable() {
        outbox.unavailable = true;
        slack.failures.add(DeliveryException.permanent("HTTP 404 no_service"));
        start(outbox, events::add);

        engine.submit(DeliveryEngineTests.alert("order 42 not found"));

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.stats().droppedTotal() == 1);
        assertThat(events).filteredOn(event -> event.result() == Result.DROPPED).singleElement()
                .satisfies(event -> assertThat(event.reason()).isEqualTo("outbox-unavailable"));
    }

    @Test
    void aFailingObserverIsCountedAndDeliveryGoesOn() {
        start(null, event -> {
            throw new IllegalStateException("broken meter registry");
        });

        engine.submit(DeliveryEngineTests.alert("order 42 not found"));
        engine.submit(DeliveryEngineTests.alert("payment declined"));

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.stats().alertsDelivered() == 2);
        assertThat(slack.delivered).isNotEmpty();
        assertThat(engine.stats().observerErrors()).isEqualTo(engine.stats().messagesDelivered());
    }

    @Test
    void aDroppedEventWithoutAReasonIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Event("default", Result.DROPPED, 1, null, List.of()));
        assertThat(Result.RATE_LIMITED.value()).isEqualTo("rate-limited");
    }
}
