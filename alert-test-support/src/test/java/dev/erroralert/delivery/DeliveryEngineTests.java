package dev.erroralert.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.Origin;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.ErrorSnapshot;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.testsupport.RecordingDestination;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DeliveryEngineTests {

    /** A destination that records when each delivery was attempted, and answers as scripted. */
    static final class TimedDestination implements Destination {
        final RecordingDestination recording;
        final List<Long> attemptsAtNanos = new CopyOnWriteArrayList<>();

        TimedDestination(String name) {
            this.recording = new RecordingDestination(name);
        }

        @Override
        public String name() {
            return recording.name();
        }

        @Override
        public Message render(Digest digest) {
            return recording.render(digest);
        }

        @Override
        public int maxAlertsPerMessage() {
            return recording.maxAlertsPerMessage();
        }

        @Override
        public void deliver(Message message) throws DeliveryException {
            attemptsAtNanos.add(System.nanoTime());
            recording.deliver(message);
        }
    }

    private final TimedDestination slack = new TimedDestination("default");
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private DeliveryEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close(Duration.ofSeconds(5));
        }
    }

    private static DeliverySettings settings(double perSecond, int burst, int maxAttempts, Duration outboxCheck) {
        return new DeliverySettings(perSecond, burst, maxAttempts, Duration.ofMillis(20), Duration.ofMillis(100),
                Duration.ofSeconds(1), 1_000, outboxCheck);
    }

    private DeliveryEngine start(DeliverySettings settings, Map<String, Destination> routes,
            Map<String, String> typeRoutes) {
        engine = new DeliveryEngine(slack, routes, typeRoutes, outbox, settings).start();
        return engine;
    }

    static Alert alert(String message) {
        return alert(message, null, "com.example.OrderException");
    }

    static Alert alert(String message, String route, String type) {
        String fingerprint = UUID.randomUUID().toString().replace("-", "");
        return new Alert(new Fingerprint(fingerprint), new Decision.Send(new Tally(0, 1, 0, "redis"), false),
                new ErrorSnapshot(type, message, List.of(), List.of()),
                new CaptureSite("com.example.OrderService", "place", null, route), new Origin("shop", "prod"), "main",
                Map.of(), new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30)), System.currentTimeMillis());
    }

    private static List<String> messagesOf(List<Alert> alerts) {
        return alerts.stream().map(alert -> alert.error().message()).toList();
    }

    @Test
    void twoServerErrorsThenSuccessDeliverOnce() {
        slack.recording.failures.add(DeliveryException.retryable("HTTP 500"));
        slack.recording.failures.add(DeliveryException.retryable("HTTP 500"));
        start(settings(100, 10, 4, Duration.ofSeconds(30)), Map.of(), Map.of());

        engine.submit(alert("order failed"));

        await().atMost(Duration.ofSeconds(10)).until(() -> slack.recording.delivered.size() == 1);
        assertThat(slack.attemptsAtNanos).hasSize(3);
        assertThat(engine.stats().retries()).isEqualTo(2);
        assertThat(engine.stats().messagesDelivered()).isEqualTo(1);
        assertThat(outbox.parked).isEmpty();
    }

    @Test
    void aRateLimitHoldsBackEverythingQueuedForThatDestinationForItsRetryAfter() throws InterruptedException {
        slack.recording.failures.add(DeliveryException.rateLimited("HTTP 429", Duration.ofSeconds(1)));
        start(settings(100, 10, 4, Duration.ofSeconds(30)), Map.of(), Map.of());

        engine.submit(alert("first"));
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.attemptsAtNanos.size() == 1);
        long limitedAt = slack.attemptsAtNanos.get(0);
        engine.submit(alert("second"));
        engine.submit(alert("third"));

        await().atMost(Duration.ofSeconds(10)).until(() -> slack.recording.delivered.stream()
                .mapToInt(Message::alerts).sum() == 3);
        // Nothing reached the destination before the second it asked for had passed.
        assertThat(slack.attemptsAtNanos.subList(1, slack.attemptsAtNanos.size()))
                .allMatch(at -> at - limitedAt >= Duration.ofSeconds(1).toNanos());
        assertThat(messagesOf(slack.recording.alerts)).contains("first", "second", "third");
        assertThat(engine.stats().rateLimited()).isEqualTo(1);
    }

    @Test
    void fiftyNewErrorsAtOnceKeepThePaceAndAreAllMentioned() {
        start(settings(1, 3, 4, Duration.ofSeconds(30)), Map.of(), Map.of());
        long started = System.nanoTime();

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add("error number " + i);
            engine.submit(alert("error number " + i));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> slack.recording.delivered.stream()
                .mapToInt(Message::alerts).sum() == 50);
        double seconds = (System.nanoTime() - started) / 1e9;
        // A burst of 3, then one a second: never more requests than the pace allows.
        assertThat(slack.attemptsAtNanos.size()).isLessThanOrEqualTo(3 + (int) Math.ceil(seconds));
        assertThat(messagesOf(slack.recording.alerts)).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void aDestinationDownPastItsRetriesParksAlertsAndRedeliversThemInOrderOnceItAnswers() {
        for (int i = 0; i < 100; i++) {
            slack.recording.failures.add(DeliveryException.retryable("HTTP 503"));
        }
        // An outbox check interval longer than the test: what waits behind the parked message stays in memory.
        start(settings(100, 10, 2, Duration.ofSeconds(20)), Map.of(), Map.of());

        engine.submit(alert("parked 0"));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.depth("default") == 1);
        // Behind the parked message, later alerts wait coalesced rather than each parked on its own.
        for (int i = 1; i < 5; i++) {
            engine.submit(alert("parked " + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.destinations().get(0).queued() == 4);
        assertThat(outbox.depth("default")).isEqualTo(1);
        slack.recording.failures.clear();

        await().atMost(Duration.ofSeconds(10)).until(() -> slack.recording.delivered.stream()
                .mapToInt(Message::alerts).sum() == 5);
        assertThat(outbox.depth("default")).isZero();
        List<String> deliveredInOrder = slack.recording.delivered.stream().map(Message::payload).toList();
        assertThat(deliveredInOrder).hasSize(2).doesNotHaveDuplicates();
        assertThat(engine.stats().parked()).isEqualTo(1);
        assertThat(engine.stats().redelivered()).isEqualTo(1);
        // The parked message first, then what waited behind it: each alert once, in the order submitted.
        assertThat(String.join("", deliveredInOrder)).isEqualTo(slack.recording.alerts.stream()
                .map(a -> a.fingerprint().shortId() + " 1\n").distinct().reduce("", String::concat));
        assertThat(messagesOf(slack.recording.digests.get(slack.recording.digests.size() - 1).named()))
                .containsExactly("parked 1", "parked 2", "parked 3", "parked 4");
    }

    @Test
    void inALongOutageWhatWaitsBehindParkedMessagesIsParkedTooCoalescedAndRedeliveredInOrder() {
        for (int i = 0; i < 10_000; i++) {
            slack.recording.failures.add(DeliveryException.retryable("HTTP 503"));
        }
        start(settings(100, 10, 2, Duration.ofMillis(300)), Map.of(), Map.of());

        engine.submit(alert("parked 0"));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.depth("default") == 1);
        for (int i = 1; i <= 60; i++) {
            engine.submit(alert("waiting " + i));
        }

        // Past an outbox check interval the 60 waiting alerts are parked as digests of at most 40, not one by one.
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.depth("default") == 3);
        assertThat(engine.destinations().get(0).queued()).isZero();
        assertThat(engine.stats().parked()).as("messages parked").isEqualTo(3);
        slack.recording.failures.clear();

        await().atMost(Duration.ofSeconds(10)).until(() -> slack.recording.delivered.stream()
                .mapToInt(Message::alerts).sum() == 61);
        assertThat(outbox.depth("default")).isZero();
        // Each digest rendered once, when parked, and delivered in the order parked.
        List<Digest> rendered = List.copyOf(slack.recording.digests);
        assertThat(rendered).hasSize(3);
        assertThat(slack.recording.delivered).extracting(Message::payload).containsExactlyElementsOf(
                rendered.stream().map(digest -> slack.recording.render(digest).payload()).toList());
        List<String> expected = new ArrayList<>(List.of("parked 0"));
        for (int i = 1; i <= 60; i++) {
            expected.add("waiting " + i);
        }
        assertThat(rendered.stream().flatMap(digest -> digest.named().stream())
                .map(alert -> alert.error().message()).toList()).isEqualTo(expected);
    }

    @Test
    void aDestinationThatTakesNoAlertsPerMessageIsRefusedByName() {
        slack.recording.maxAlertsPerMessage = 0;

        assertThatThrownBy(() -> start(settings(100, 10, 2, Duration.ofSeconds(30)), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("default").hasMessageContaining("at least one alert per message");
    }

    @Test
    void withTheOutboxDownTooTheAlertIsLoggedInFullAtError() {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger alertLog = (Logger) LoggerFactory.getLogger("dev.erroralert.alerts");
        alertLog.addAppender(logged);
        try {
            outbox.unavailable = true;
            slack.recording.failures.add(DeliveryException.permanent("HTTP 404 no_service"));
            start(settings(100, 10, 4, Duration.ofSeconds(30)), Map.of(), Map.of());

            engine.submit(alert("card declined for order 42"));

            await().atMost(Duration.ofSeconds(10)).until(() -> engine.stats().droppedTotal() == 1);
            assertThat(engine.stats().dropped()).containsEntry("outbox-unavailable", 1L);
            assertThat(logged.list).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains("could not be delivered", "HTTP 404 no_service",
                        "card declined for order 42", "OrderService#place");
            });
        }
        finally {
            alertLog.detachAppender(logged);
        }
    }

    @Test
    void alertsFollowTheirRouteThenTheirExceptionTypeElseTheDefault() {
        RecordingDestination payments = new RecordingDestination("payments");
        RecordingDestination database = new RecordingDestination("database");
        start(settings(100, 10, 4, Duration.ofSeconds(30)), Map.of("payments", payments, "database", database),
                Map.of("java.sql.SQLException", "database"));

        engine.submit(alert("declined", "payments", "com.example.PaymentException"));
        engine.submit(alert("connection lost", null, "java.sql.SQLException"));
        engine.submit(alert("no route", "nowhere", "com.example.OrderException"));
        engine.submit(new Alert(new Fingerprint("0123456789abcdef0123456789abcdef"),
                new Decision.Send(new Tally(0, 1, 0, "redis"), false),
                new ErrorSnapshot("org.springframework.dao.DataAccessResourceFailureException", "wrapped",
                        List.of(new ErrorSnapshot.Cause("java.sql.SQLException", "connection lost")), List.of()),
                CaptureSite.of("com.example.OrderService", "place"), new Origin("shop", "prod"), "main", Map.of(),
                new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30)), System.currentTimeMillis()));
        engine.submit(alert("plain", null, "com.example.OrderException"));

        await().atMost(Duration.ofSeconds(10)).until(() -> payments.alerts.size() == 1
                && database.alerts.size() == 2 && slack.recording.alerts.size() == 2);
        assertThat(messagesOf(payments.alerts)).containsExactly("declined");
        assertThat(messagesOf(database.alerts)).containsExactlyInAnyOrder("connection lost", "wrapped");
        assertThat(messagesOf(slack.recording.alerts)).containsExactlyInAnyOrder("no route", "plain");
    }

    @Test
    void thePaceIsATokenBucketNotClumps() {
        slack.recording.maxAlertsPerMessage = 1;
        start(settings(4, 2, 4, Duration.ofSeconds(30)), Map.of(), Map.of());
        long started = System.nanoTime();

        for (int i = 0; i < 8; i++) {
            engine.submit(alert("paced " + i));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> slack.recording.delivered.size() == 8);
        // A burst of 2, then one every 250 ms: the k-th request cannot come before (k - 1) * 250 ms.
        for (int k = 2; k < 8; k++) {
            long earliest = Duration.ofMillis((k - 1) * 250L - 20).toNanos();
            assertThat(slack.attemptsAtNanos.get(k) - started).as("request %d", k).isGreaterThanOrEqualTo(earliest);
        }
    }

    @Test
    void aRateLimitWithoutRetryAfterPausesForTheDefault() {
        slack.recording.failures.add(DeliveryException.rateLimited("HTTP 429", null));
        start(settings(100, 10, 4, Duration.ofSeconds(30)), Map.of(), Map.of());

        engine.submit(alert("limited"));

        await().atMost(Duration.ofSeconds(10)).until(() -> slack.recording.delivered.size() == 1);
        assertThat(slack.attemptsAtNanos.get(1) - slack.attemptsAtNanos.get(0))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void shutdownDoesNotWaitOutABackoffOrAHugeRetryAfterAndLosesNothing() {
        slack.recording.failures.add(DeliveryException.rateLimited("HTTP 429", Duration.ofSeconds(9_999_999_999L)));
        start(new DeliverySettings(100, 10, 4, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30),
                1_000, Duration.ofSeconds(30)), Map.of(), Map.of());
        engine.submit(alert("in flight"));
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.attemptsAtNanos.size() == 1);
        engine.submit(alert("queued behind"));

        long closing = System.nanoTime();
        engine.close(Duration.ofSeconds(2));

        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
        assertThat(outbox.parked.stream().mapToInt(Message::alerts).sum()).isEqualTo(2);
        assertThat(engine.stats().droppedTotal()).isZero();
        engine = null;
    }

    @Test
    void anAlertSubmittedAfterCloseIsParkedNotLost() {
        start(settings(100, 10, 4, Duration.ofSeconds(30)), Map.of(), Map.of());
        engine.close(Duration.ofSeconds(2));

        engine.submit(alert("late"));

        assertThat(outbox.parked).hasSize(1);
        engine = null;
    }

    @Test
    void aDestinationThatCannotRenderHasItsAlertsLoggedAndCounted() {
        slack.recording.renderFails = true;
        start(settings(100, 10, 4, Duration.ofSeconds(30)), Map.of(), Map.of());

        engine.submit(alert("unrenderable"));

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.stats().droppedTotal() == 1);
        assertThat(engine.stats().dropped()).containsEntry("render-failed", 1L);
    }

    @Test
    void aParkedMessageRefusedForGoodIsRemovedAndTheRestStillGoes() {
        outbox.parked.add(new Message("default", "poison", "poison message", 1));
        outbox.parked.add(new Message("default", "fine", "fine message", 1));
        slack.recording.failures.add(DeliveryException.permanent("HTTP 400 invalid_blocks"));
        start(settings(100, 10, 4, Duration.ofMillis(100)), Map.of(), Map.of());

        engine.submit(alert("new"));

        await().atMost(Duration.ofSeconds(10)).until(() -> slack.recording.delivered.size() == 2);
        assertThat(slack.recording.delivered.get(0).payload()).isEqualTo("fine");
        assertThat(outbox.parked).isEmpty();
        assertThat(engine.stats().dropped()).containsEntry("refused", 1L);
    }

    @Test
    void whileAnotherInstanceRedeliversNewMessagesQueueBehindItsWork() {
        outbox.parked.add(new Message("default", "older", "older message", 1));
        outbox.heldElsewhere = true;
        // Checked again within the test, but not so long waited that the newer alert is parked behind it.
        start(settings(100, 10, 4, Duration.ofSeconds(5)), Map.of(), Map.of());

        engine.submit(alert("newer"));

        // The newer alert waits in memory behind the other instance's work, neither sent nor parked on its own.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
                .until(() -> engine.destinations().get(0).queued() == 1);
        assertThat(slack.recording.delivered).isEmpty();
        assertThat(outbox.parked).hasSize(1);
        outbox.heldElsewhere = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.recording.delivered.size() == 2);
        assertThat(slack.recording.delivered.get(0).payload()).isEqualTo("older");
    }

    @Test
    void closeDeliversWhatIsQueuedOrParksItWithinTheTimeout() {
        start(settings(0.5, 1, 4, Duration.ofSeconds(30)), Map.of(), Map.of());
        for (int i = 0; i < 10; i++) {
            engine.submit(alert("pending " + i));
        }

        engine.close(Duration.ofSeconds(3));

        long delivered = slack.recording.delivered.stream().mapToInt(Message::alerts).sum();
        long parked = outbox.parked.stream().mapToInt(Message::alerts).sum();
        assertThat(delivered + parked).isEqualTo(10);
        assertThat(engine.stats().droppedTotal()).isZero();
        engine = null;
    }
}
