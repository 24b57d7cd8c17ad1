package dev.erroralert.spring.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

import dev.erroralert.delivery.DeliveryEngine;

/**
 * Checks delivery, with details per destination: when this instance last delivered to it, how many alerts wait in its
 * lane, how many messages wait for it in the outbox. Unhealthy while a destination's last message was given up on
 * (parked or logged) and none has been delivered since: alerts are not reaching people, even if none is lost.
 */
public final class DeliveryHealth {

    private final DeliveryEngine delivery;

    /**
     * Checks {@code delivery}'s destinations.
     *
     * @param delivery the delivery engine
     */
    public DeliveryHealth(DeliveryEngine delivery) {
        this.delivery = Objects.requireNonNull(delivery, "delivery");
    }

    /**
     * Reads each destination's state.
     *
     * @return what was found, one detail per destination
     */
    public HealthReport check() {
        boolean anyDown = false;
        Map<String, Object> destinations = new LinkedHashMap<>();
        for (DeliveryEngine.DestinationState destination : delivery.destinations()) {
            anyDown |= destination.down();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", destination.down() ? "DOWN" : "UP");
            if (destination.lastDelivered() != null) {
                details.put("lastDelivered", destination.lastDelivered().toString());
            }
            details.put("queued", destination.queued());
            outboxDepth(destination.name(), details);
            destinations.put(destination.name(), details);
        }
        return new HealthReport(!anyDown, destinations, null);
    }

    private void outboxDepth(String destination, Map<String, Object> details) {
        try {
            OptionalLong depth = delivery.outboxDepth(destination);
            if (depth.isPresent()) {
                details.put("outboxDepth", depth.getAsLong());
            }
        }
        catch (RuntimeException ex) {
            // The database's own health says more; here it only means the depth is unknown.
            details.put("outboxError", ex.getClass().getName() + ": " + ex.getMessage());
        }
    }
}
