package dev.erroralert.event;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where an exception was captured (the annotated method) and the per-site options.
 * Built once per method and reused, so capturing allocates nothing for it.
 *
 * @param className the declaring class of the captured method, as written by the user (not a proxy)
 * @param methodName the captured method
 * @param group a fixed group key that replaces the computed fingerprint, or {@code null}
 * @param route the delivery route named on the site, or {@code null} for the default destination
 */
public record CaptureSite(String className, String methodName, @Nullable String group, @Nullable String route) {

    public CaptureSite {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        if (className.isBlank() || methodName.isBlank()) {
            throw new IllegalArgumentException("className and methodName must not be blank");
        }
        group = blankToNull(group);
        route = blankToNull(route);
    }

    public static CaptureSite of(String className, String methodName) {
        return new CaptureSite(className, methodName, null, null);
    }

    /** The location as shown to people: {@code com.example.OrderService#place}. */
    public String location() {
        return className + "#" + methodName;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return (value == null || value.isBlank()) ? null : value;
    }
}
