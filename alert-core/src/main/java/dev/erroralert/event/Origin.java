package dev.erroralert.event;

import java.util.Objects;

/**
 * The application, environment, release and instance an alert comes from, shown on every alert.
 *
 * @param application the application name, for example {@code spring.application.name}
 * @param environment the environment, for example the active profiles; empty when unknown
 * @param version the application's version, for example from its build info; empty when unknown
 * @param instance the instance (host name or a configured id); empty when unknown
 */
public record Origin(String application, String environment, String version, String instance) {

    public Origin {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(instance, "instance");
    }

    /** An origin without a known version or instance. */
    public Origin(String application, String environment) {
        this(application, environment, "", "");
    }

    public static Origin unknown() {
        return new Origin("application", "");
    }
}
