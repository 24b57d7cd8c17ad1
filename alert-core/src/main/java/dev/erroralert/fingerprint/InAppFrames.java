package dev.erroralert.fingerprint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tells the application's own stack frames from those of the JDK, frameworks and generated code.
 * With in-app packages configured, only frames in them count; without, only the application's base packages count
 * when they are known (even under a framework's, as {@code org.springframework.samples} is), so that configuring them
 * later changes no fingerprint; without either, every frame outside the well-known framework packages does.
 * error-alert's own frames and the proxy plumbing never count.
 */
public final class InAppFrames {

    private static final List<String> FRAMEWORK_PACKAGES = List.of(
            "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.", "kotlin.", "scala.", "groovy.",
            "org.springframework.", "org.aspectj.", "org.apache.", "org.hibernate.", "org.junit.", "org.h2.",
            "org.postgresql.", "com.zaxxer.", "io.micrometer.", "io.netty.", "io.lettuce.", "reactor.",
            "io.github.resilience4j.", "com.fasterxml.", "org.slf4j.", "ch.qos.logback.", "net.bytebuddy.",
            "org.mockito.", "org.eclipse.jetty.", "io.undertow.");

    /**
     * error-alert's own packages (and its alert logger), apart from any application under {@code dev.erroralert}:
     * its frames are on the stack of every intercepted call and say nothing about the error.
     */
    public static final List<String> LIBRARY_PACKAGES = List.of(
            "dev.erroralert.delivery.", "dev.erroralert.event.", "dev.erroralert.fingerprint.",
            "dev.erroralert.history.", "dev.erroralert.notify.", "dev.erroralert.pipeline.", "dev.erroralert.policy.",
            "dev.erroralert.silence.", "dev.erroralert.store.", "dev.erroralert.spring.", "dev.erroralert.redis.",
            "dev.erroralert.jdbc.", "dev.erroralert.slack.", "dev.erroralert.alerts");

    // The interception machinery between a caller and the application's method: never the application's code, even
    // when its package is configured as in-app (org.springframework.aop under an in-app "org.springframework").
    private static final List<String> PLUMBING_PACKAGES = List.of(
            "org.springframework.aop.", "org.springframework.cglib.", "jdk.proxy", "com.sun.proxy.");

    // How a reflective call is made changes while a JVM runs (native accessors, then generated ones after about 15
    // calls) and between JDKs: frames of this machinery would give one error two fingerprints.
    private static final List<String> REFLECTION_PACKAGES = List.of(
            "jdk.internal.reflect.", "sun.reflect.", "java.lang.reflect.", "java.lang.invoke.");

    private final List<String> inAppPackages;

    /** @param inAppPackages package prefixes of the application's code; empty to use the framework exclusions */
    public InAppFrames(List<String> inAppPackages) {
        this(inAppPackages, List.of());
    }

    /**
     * @param inAppPackages package prefixes of the application's code, configured; empty to use the others
     * @param applicationPackages the application's base packages, known without configuration (Spring Boot's
     *        auto-configuration packages): the in-app packages when none is configured
     */
    public InAppFrames(List<String> inAppPackages, List<String> applicationPackages) {
        List<String> configured = prefixes(inAppPackages, "inAppPackages");
        this.inAppPackages = configured.isEmpty() ? prefixes(applicationPackages, "applicationPackages") : configured;
    }

    private static List<String> prefixes(List<String> packages, String name) {
        return Objects.requireNonNull(packages, name).stream()
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
        if (startsWithAny(className, PLUMBING_PACKAGES) || startsWithAny(className, LIBRARY_PACKAGES)) {
            return false;
        }
        boolean inAppPackage = inAppPackages.isEmpty() ? !startsWithAny(className, FRAMEWORK_PACKAGES)
                : startsWithAny(className, inAppPackages);
        // The generated-name patterns last: they cost several regular expressions, and this runs for every frame.
        return inAppPackage && !GeneratedNames.isGenerated(className);
    }

    private static boolean startsWithAny(String className, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
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
