package dev.erroralert.spring.health;

import java.util.Objects;

import dev.erroralert.delivery.DeliveryEngine;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of delivery, in Spring Boot 4's health types (see {@link DeliveryHealth}): UP while alerts reach every
 * destination, else the degraded status it is given (DOWN unless told otherwise), with details per destination.
 */
public class DeliveryHealthIndicator implements HealthIndicator {

    private final DeliveryHealth check;
    private final Status degraded;

    /**
     * The health of {@code delivery}'s destinations, DOWN while one loses alerts.
     *
     * @param delivery the delivery engine
     */
    public DeliveryHealthIndicator(DeliveryEngine delivery) {
        this(delivery, Status.DOWN);
    }

    /**
     * The health of {@code delivery}'s destinations, {@code degraded} while one loses alerts.
     *
     * @param delivery the delivery engine
     * @param degraded the status to report while a destination's last message was given up on
     */
    public DeliveryHealthIndicator(DeliveryEngine delivery, Status degraded) {
        this.check = new DeliveryHealth(delivery);
        this.degraded = Objects.requireNonNull(degraded, "degraded");
    }

    @Override
    public Health health() {
        return HealthReports.toHealth(check.check(), degraded);
    }
}
