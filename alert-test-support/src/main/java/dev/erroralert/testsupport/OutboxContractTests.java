package dev.erroralert.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.erroralert.delivery.DeliveryException;
import dev.erroralert.delivery.Message;
import dev.erroralert.delivery.Outbox;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The behaviour every {@link Outbox} must show, written once and run against each backend (PostgreSQL, MariaDB, H2):
 * messages redelivered oldest first and once, however many instances redeliver, what a sender's failure keeps, what
 * it removes. Each test parks for a destination of its own, so a backend may be shared.
 */
public abstract class OutboxContractTests {

    // Only a guard so that a broken lease fails the test instead of hanging it.
    protected static final long HANG_GUARD_SECONDS = 10;

    /** The destination this test parks for. */
    protected final String destination = "dest-" + UUID.randomUUID().toString().substring(0, 8);

    /** An outbox as another application instance would have it, on the backend of every other this returns. */
    protected abstract Outbox newOutbox();

    protected Message message(int number) {
        return new Message(destination, "{\"text\":\"alert " + number + "\"}", "alert " + number, 1);
    }

    protected List<Message> park(Outbox outbox, int count) {
        List<Message> parked = new ArrayList<>();
        for (int number = 1; number <= count; number++) {
            Message message = message(number);
            outbox.park(message);
            parked.add(message);
        }
        return parked;
    }

    @Test
    void parkedMessagesAreRedeliveredOldestFirstAndRemoved() throws DeliveryException {
        Outbox outbox = newOutbox();
        List<Message> parked = park(outbox, 45);
        List<Message> sent = new ArrayList<>();

        int delivered = outbox.redeliver(destination, sent::add);

        assertThat(delivered).isEqualTo(45);
        assertThat(sent).containsExactlyElementsOf(parked);
        assertThat(outbox.depth(destination)).isZero();
        assertThat(outbox.redeliver(destination, sent::add)).as("nothing left to send").isZero();
    }

    @Test
    void redeliveredMessageIsTheParkedOneInFull() throws DeliveryException {
        Outbox outbox = newOutbox();
        Message digest = new Message(destination, "{\"blocks\":\"" + "é".repeat(100_000) + "\"}",
                "7 new errors in the last 5 s", 7);
        outbox.park(digest);
        List<Message> sent = new ArrayList<>();

        newOutbox().redeliver(destination, sent::add);

        assertThat(sent).containsExactly(digest);
    }

    @Test
    void failingSenderStopsRedeliveryAndTheRestWaitsInOrderForTheNextCall() throws DeliveryException {
        Outbox outbox = newOutbox();
        List<Message> parked = park(outbox, 5);
        List<Message> sent = new ArrayList<>();
        DeliveryException down = DeliveryException.retryable("503 from the destination");

        assertThatExceptionOfType(DeliveryException.class).isThrownBy(() -> outbox.redeliver(destination, (message) -> {
            if (sent.size() == 2) {
                throw down;
            }
            sent.add(message);
        })).isSameAs(down);

        assertThat(sent).containsExactlyElementsOf(parked.subList(0, 2));
        assertThat(outbox.depth(destination)).isEqualTo(3);
        // Another instance can take over at once: the failed redelivery freed the lease.
        assertThat(newOutbox().redeliver(destination, sent::add)).isEqualTo(3);
        assertThat(sent).containsExactlyElementsOf(parked);
    }

    @Test
    void senderThatFailsUnexpectedlyKeepsTheMessageAndFreesTheLease() throws DeliveryException {
        Outbox outbox = newOutbox();
        List<Message> parked = park(outbox, 2);

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> outbox.redeliver(destination,
                (message) -> {
                    throw new IllegalStateException("a destination bug");
                }));

        List<Message> sent = new ArrayList<>();
        assertThat(newOutbox().redeliver(destination, sent::add)).isEqualTo(2);
        assertThat(sent).containsExactlyElementsOf(parked);
    }

    @Test
    void twoInstancesRacingDeliverEveryMessageOnceAndInOrder() throws Exception {
        List<Message> parked = park(newOutbox(), 30);
        List<Outbox> instances = List.of(newOutbox(), newOutbox());
        List<Message> sent = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch loserReturned = new CountDownLatch(1);
        // The winner's first send waits until the loser has returned, so both calls overlap for sure.
        Outbox.Sender sender = (message) -> {
            if (sent.isEmpty()) {
                awaitGuarded(loserReturned);
            }
            sent.add(message);
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (Outbox instance : instances) {
                results.add(threads.submit(() -> {
                    awaitGuarded(go);
                    int delivered = instance.redeliver(destination, sender);
                    if (delivered == Outbox.HELD_ELSEWHERE) {
                        loserReturned.countDown();
                    }
                    return delivered;
                }));
            }
            go.countDown();

            List<Integer> delivered = List.of(results.get(0).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS),
                    results.get(1).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));

            assertThat(delivered).containsExactlyInAnyOrder(Outbox.HELD_ELSEWHERE, 30);
            assertThat(sent).containsExactlyElementsOf(parked);
            assertThat(newOutbox().depth(destination)).isZero();
        }
        finally {
            threads.shutdownNow();
        }
    }

    @Test
    void messageRefusedForGoodIsRemovedAndReportedAndTheOnesAfterItAreDeliveredInOrder() throws DeliveryException {
        Outbox outbox = newOutbox();
        List<Message> parked = park(outbox, 5);
        Message poison = parked.get(2);
        DeliveryException revoked = DeliveryException.permanent("403 from the destination: token revoked");
        List<Message> sent = new ArrayList<>();
        Map<Message, DeliveryException> refused = new LinkedHashMap<>();

        int delivered = outbox.redeliver(destination, new Outbox.Sender() {
            @Override
            public void send(Message message) throws DeliveryException {
                if (message.equals(poison)) {
                    throw revoked;
                }
                sent.add(message);
            }

            @Override
            public void refused(Message message, DeliveryException reason) {
                refused.put(message, reason);
            }
        });

        assertThat(delivered).isEqualTo(4);
        assertThat(sent).containsExactly(parked.get(0), parked.get(1), parked.get(3), parked.get(4));
        assertThat(refused).containsExactly(Map.entry(poison, revoked));
        assertThat(newOutbox().depth(destination)).as("the refused one is gone too").isZero();
    }

    @Test
    void rateLimitedSenderStopsRedeliveryAndKeepsTheMessage() {
        Outbox outbox = newOutbox();
        park(outbox, 2);
        DeliveryException slowDown = DeliveryException.rateLimited("429 from the destination", Duration.ofSeconds(30));
        List<Message> refused = new ArrayList<>();

        assertThatExceptionOfType(DeliveryException.class).isThrownBy(() -> outbox.redeliver(destination,
                new Outbox.Sender() {
                    @Override
                    public void send(Message message) throws DeliveryException {
                        throw slowDown;
                    }

                    @Override
                    public void refused(Message message, DeliveryException reason) {
                        refused.add(message);
                    }
                })).isSameAs(slowDown);

        assertThat(refused).isEmpty();
        assertThat(outbox.depth(destination)).isEqualTo(2);
    }

    @Test
    void senderIsLetWaitBeforeEachMessageAndNotWhenNoneIsParked() throws DeliveryException {
        Outbox outbox = newOutbox();
        park(outbox, 3);
        List<String> calls = new ArrayList<>();
        Outbox.Sender sender = new Outbox.Sender() {
            @Override
            public void awaitReady() {
                calls.add("wait");
            }

            @Override
            public void send(Message message) {
                calls.add("send " + message.summary());
            }
        };

        outbox.redeliver(destination, sender);
        outbox.redeliver(destination, sender);

        assertThat(calls).containsExactly("wait", "send alert 1", "wait", "send alert 2", "wait", "send alert 3");
    }

    @Test
    void depthCountsTheMessagesOfEachDestinationApart() {
        Outbox outbox = newOutbox();
        park(outbox, 3);
        String other = destination + "-other";
        outbox.park(new Message(other, "{}", "other", 1));

        assertThat(outbox.depth(destination)).isEqualTo(3);
        assertThat(newOutbox().depth(other)).isEqualTo(1);
        assertThat(outbox.depth(destination + "-none")).isZero();
    }

    @Test
    void redeliveryOfOneDestinationLeavesTheOthersParked() throws DeliveryException {
        Outbox outbox = newOutbox();
        park(outbox, 2);
        String other = destination + "-other";
        outbox.park(new Message(other, "{}", "other", 1));

        outbox.redeliver(destination, (message) -> {
        });

        assertThat(outbox.depth(other)).isEqualTo(1);
    }

    protected static void awaitGuarded(CountDownLatch latch) {
        try {
            if (!latch.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Gave up waiting: the other instance never returned");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
