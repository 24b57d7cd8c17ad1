package dev.erroralert.event;

import java.util.Objects;

/**
 * The application and environment an alert comes from, shown on every alert.
 *
 * @param application the application name, for example {@code spring.application.name}
 * @param environment the environment, for example the active profiles; empty when unknown
 */
public record Origin(String application, String environment) {

    public Origin {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(environment, "environment");
    }

    public static Origin unknown() {
        return new Origin("application", "");
    }
}
