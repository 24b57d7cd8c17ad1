package dev.erroralert.fingerprint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tells the application's own stack frames from those of the JDK, frameworks and generated code.
 * With in-app packages configured, only frames in them count; without, every frame outside the well-known
 * framework packages does.
 */
public final class InAppFrames {

    private static final List<String> FRAMEWORK_PACKAGES = List.of(
            "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.", "kotlin.", "scala.", "groovy.",
            "org.springframework.", "org.aspectj.", "org.apache.", "org.hibernate.", "org.junit.", "org.h2.",
            "org.postgresql.", "com.zaxxer.", "io.micrometer.", "io.netty.", "io.lettuce.", "reactor.",
            "io.github.resilience4j.", "com.fasterxml.", "org.slf4j.", "ch.qos.logback.", "net.bytebuddy.",
            "org.mockito.", "org.eclipse.jetty.", "io.undertow.", "dev.erroralert.");

    private final List<String> inAppPackages;

    /** @param inAppPackages package prefixes of the application's code; empty to use the framework exclusions */
    public InAppFrames(List<String> inAppPackages) {
        this.inAppPackages = Objects.requireNonNull(inAppPackages, "inAppPackages").stream()
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .map(p -> p.endsWith(".") ? p : p + ".")
                .toList();
    }

    public static InAppFrames everythingButFrameworks() {
        return new InAppFrames(List.of());
    }

    /** Whether {@code frame} is the application's own code. */
    public boolean isInApp(StackTraceElement frame) {
        String className = frame.getClassName();
        if (className == null) {
            return false;
        }
        boolean inAppPackage = inAppPackages.isEmpty()
                ? FRAMEWORK_PACKAGES.stream().noneMatch(className::startsWith)
                : inAppPackages.stream().anyMatch(className::startsWith);
        // The generated-name patterns last: they cost several regular expressions, and this runs for every frame.
        return inAppPackage && !GeneratedNames.isGenerated(className);
    }

    /** The first {@code limit} in-app frames; when there are none, the first {@code limit} frames of any kind. */
    public List<StackTraceElement> top(List<StackTraceElement> frames, int limit) {
        List<StackTraceElement> inApp = new ArrayList<>(limit);
        for (StackTraceElement frame : frames) {
            if (inApp.size() == limit) {
                break;
            }
            if (frame != null && isInApp(frame)) {
                inApp.add(frame);
            }
        }
        if (!inApp.isEmpty()) {
            return inApp;
        }
        return frames.stream().filter(Objects::nonNull).limit(limit).toList();
    }
}
