package dev.erroralert.spring.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** Tells a {@link HealthReport} in Spring Boot 4's health types. */
final class HealthReports {

    private HealthReports() {
    }

    static Health toHealth(HealthReport report, Status degraded) {
        Health.Builder health = report.healthy() ? Health.up() : Health.status(degraded);
        health.withDetails(report.details());
        if (report.failure() != null) {
            health.withException(report.failure());
        }
        return health.build();
    }
}
