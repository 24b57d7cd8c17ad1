package dev.erroralert.spring.health.boot3;

import java.util.Objects;
import java.util.function.Supplier;

import dev.erroralert.spring.health.HealthReport;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * A store's or delivery's check ({@link dev.erroralert.spring.health.StoreHealth},
 * {@link dev.erroralert.spring.health.DeliveryHealth}) in Spring Boot 3.5's health types: UP while healthy, else the
 * degraded status it is given.
 */
public class Boot3HealthIndicator implements HealthIndicator {

    private final Supplier<HealthReport> check;
    private final Status degraded;

    /**
     * Reports what {@code check} finds.
     *
     * @param check the check, run at each health request
     * @param degraded the status to report when the check finds the store or delivery unhealthy
     */
    public Boot3HealthIndicator(Supplier<HealthReport> check, Status degraded) {
        this.check = Objects.requireNonNull(check, "check");
        this.degraded = Objects.requireNonNull(degraded, "degraded");
    }

    @Override
    public Health health() {
        HealthReport report = check.get();
        Health.Builder health = report.healthy() ? Health.up() : Health.status(degraded);
        health.withDetails(report.details());
        if (report.failure() != null) {
            health.withException(report.failure());
        }
        return health.build();
    }
}
