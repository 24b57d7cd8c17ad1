package dev.erroralert.spring.autoconfigure;

import java.util.Map;

import dev.erroralert.delivery.Destination;

/**
 * The named destinations that routes select, contributed by the configuration that knows how to build them (Slack).
 *
 * @param destinations destinations by route name
 */
public record DeliveryRoutes(Map<String, Destination> destinations) {

    public DeliveryRoutes {
        destinations = Map.copyOf(destinations);
    }
}
