package dev.erroralert.delivery;

import java.util.ArrayList;
import java.util.List;

/** An outbox for tests: a list per destination, redelivered in order; it can be switched off to fail every park. */
final class InMemoryOutbox implements Outbox {

    final List<Message> parked = new ArrayList<>();
    volatile boolean unavailable;

    @Override
    public synchronized void park(Message message) {
        if (unavailable) {
            throw new IllegalStateException("outbox database down");
        }
        parked.add(message);
    }

    @Override
    public synchronized int redeliver(String destination, Sender sender) throws DeliveryException {
        int delivered = 0;
        while (!parked.isEmpty()) {
            Message oldest = parked.get(0);
            sender.send(oldest);
            parked.remove(0);
            delivered++;
        }
        return delivered;
    }

    @Override
    public synchronized long depth(String destination) {
        return parked.size();
    }
}
