package dev.erroralert.delivery;

import java.util.Map;

/**
 * Counters of what delivery did, across destinations.
 *
 * @param messagesDelivered messages a destination took (a digest counts once)
 * @param alertsDelivered alerts inside those messages
 * @param retries attempts after a failed one
 * @param rateLimited answers that asked to slow down
 * @param parked messages put in the outbox
 * @param redelivered parked messages delivered later
 * @param dropped alerts that reached no destination and no outbox, by reason; each was logged in full at ERROR
 * @param observerErrors failures of the {@link DeliveryObserver}, each caught
 */
public record DeliveryStats(long messagesDelivered, long alertsDelivered, long retries, long rateLimited, long parked,
        long redelivered, Map<String, Long> dropped, long observerErrors) {

    public DeliveryStats {
        dropped = Map.copyOf(dropped);
    }

    /** All alerts dropped, whatever the reason. */
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
