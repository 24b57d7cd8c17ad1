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

    // How a reflective call is made changes while a JVM runs (native accessors, then generated ones after about 15
    // calls) and between JDKs: frames of this machinery would give one error two fingerprints.
    private static final List<String> REFLECTION_PACKAGES = List.of(
            "jdk.internal.reflect.", "sun.reflect.", "java.lang.reflect.", "java.lang.invoke.");

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

    /**
     * The first {@code limit} in-app frames; when there are none, the first {@code limit} frames of any kind but the
     * reflection machinery and generated classes, which differ from one call of the same code to the next.
     */
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
        return frames.stream().filter(Objects::nonNull).filter(InAppFrames::isStable).limit(limit).toList();
    }

    private static boolean isStable(StackTraceElement frame) {
        String className = frame.getClassName();
        return className != null && REFLECTION_PACKAGES.stream().noneMatch(className::startsWith)
                && !GeneratedNames.isGenerated(className);
    }
}
