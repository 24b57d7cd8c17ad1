package dev.erroralert.compat;

import org.springframework.boot.SpringBootVersion;

import static org.assertj.core.api.Assertions.assertThat;

/** The Spring Boot line these tests run on, as the module's build says and as the classpath shows. */
final class BootLine {

    private BootLine() {
    }

    /** The line the module was built for ({@code 3.5}, {@code 4.0}, {@code 4.1}), checked against the classpath. */
    static String current() {
        String expected = System.getProperty("boot.line", "");
        assertThat(SpringBootVersion.getVersion()).as("Spring Boot on the classpath").startsWith(expected + ".");
        return expected;
    }

    static boolean isBoot3() {
        return current().startsWith("3.");
    }

    /** The type Spring Boot collects health contributors by, on this line. */
    static Class<?> healthContributorType() throws ClassNotFoundException {
        return Class.forName(isBoot3() ? "org.springframework.boot.actuate.health.HealthContributor"
                : "org.springframework.boot.health.contributor.HealthContributor");
    }
}
