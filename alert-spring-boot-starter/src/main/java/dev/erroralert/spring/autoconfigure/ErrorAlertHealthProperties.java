package dev.erroralert.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code errorAlert} health contributor, under {@code error-alert.health}.
 */
@ConfigurationProperties("error-alert.health")
public class ErrorAlertHealthProperties {

    /** The status a store that does not answer, or delivery that loses alerts, reports unless it counts. */
    public static final String DEGRADED = "DEGRADED";

    /**
     * Whether a degraded alert path (a store that does not answer, delivery that gives alerts up) reports DOWN, and
     * so counts in the application's health. Otherwise it reports DEGRADED, which Spring Boot's health aggregation
     * ignores unless 'management.endpoint.health.status.order' (or a group's) names it.
     */
    private boolean downWhenDegraded = false;

    public boolean isDownWhenDegraded() {
        return downWhenDegraded;
    }

    public void setDownWhenDegraded(boolean downWhenDegraded) {
        this.downWhenDegraded = downWhenDegraded;
    }

    /** The status code a degraded alert path reports. */
    String degradedStatus() {
        return downWhenDegraded ? "DOWN" : DEGRADED;
    }
}
