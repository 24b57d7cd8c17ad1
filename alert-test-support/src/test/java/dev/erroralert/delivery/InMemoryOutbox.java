package dev.erroralert.delivery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * An outbox for tests: one list, redelivered per destination in order under the {@link Outbox} contract (a wait
 * before each message, a message refused for good removed and reported); it can be switched off to fail every park.
 * It can also act as if another instance were redelivering ({@link Outbox#HELD_ELSEWHERE}).
 */
final class InMemoryOutbox implements Outbox {

    /** Read by tests while a lane works on it. */
    final List<Message> parked = new CopyOnWriteArrayList<>();
    volatile boolean unavailable;
    volatile boolean heldElsewhere;

    @Override
    public synchronized void park(Message message) {
        if (unavailable) {
            throw new IllegalStateException("outbox database down");
        }
        parked.add(message);
    }

    @Override
    public int redeliver(String destination, Sender sender) throws DeliveryException {
        if (heldElsewhere) {
            return HELD_ELSEWHERE;
        }
        int delivered = 0;
        Message oldest;
        // Not holding the lock while the sender waits or sends, so that the lane can park meanwhile, as with a table.
        while ((oldest = oldest(destination)) != null) {
            sender.awaitReady();
            try {
                sender.send(oldest);
            }
            catch (DeliveryException ex) {
                if (ex.kind() != DeliveryException.Kind.PERMANENT) {
                    throw ex;
                }
                remove(oldest);
                sender.refused(oldest, ex);
                continue;
            }
            remove(oldest);
            delivered++;
        }
        return delivered;
    }

    @Override
    public synchronized long depth(String destination) {
        return parked.stream().filter((message) -> message.destination().equals(destination)).count();
    }

    private synchronized @Nullable Message oldest(String destination) {
        return parked.stream().filter((message) -> message.destination().equals(destination)).findFirst()
                .orElse(null);
    }

    private synchronized void remove(Message message) {
        // The first equal one is the one just sent: equal messages of a destination are interchangeable.
        parked.remove(message);
    }
}
