package dev.erroralert.spring.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What one check of a store or of delivery found, before it is told in the health types of the application's Spring
 * Boot line ({@code org.springframework.boot.health} in Boot 4, {@code org.springframework.boot.actuate.health} in
 * Boot 3.5), so one check serves both.
 *
 * @param healthy whether the store answers, or delivery reaches every destination
 * @param details what the health endpoint shows, in order
 * @param failure the error a probe ended with, if any
 */
public record HealthReport(boolean healthy, Map<String, Object> details, @Nullable Throwable failure) {

    /** Keeps the details in their order, unmodifiable. */
    public HealthReport {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
