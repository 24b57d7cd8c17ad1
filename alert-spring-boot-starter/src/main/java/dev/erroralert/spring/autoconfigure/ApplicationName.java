package dev.erroralert.spring.autoconfigure;

import java.util.Locale;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The application's name on alerts when {@code error-alert.application} is not set: {@code spring.application.name},
 * else the name of its {@code @SpringBootApplication} class without the "Application" suffix, in kebab case
 * ({@code PetClinicApplication} is {@code pet-clinic}), else {@code application}. Alerts of several services in one
 * channel then tell which one failed, even before anyone sets a name.
 */
final class ApplicationName {

    private static final String FALLBACK = "application";

    private ApplicationName() {
    }

    static String of(Environment environment, ListableBeanFactory beans) {
        String configured = environment.getProperty("spring.application.name");
        if (StringUtils.hasText(configured)) {
            return configured.strip();
        }
        // Names only: no bean is created to find it.
        String[] configurations = beans.getBeanNamesForAnnotation(SpringBootConfiguration.class);
        if (configurations.length == 1) {
            Class<?> type = beans.getType(configurations[0]);
            if (type != null) {
                return fromClassName(ClassUtils.getUserClass(type).getSimpleName());
            }
        }
        return FALLBACK;
    }

    static String fromClassName(String simpleName) {
        String name = simpleName.endsWith("Application") ? simpleName.substring(0, simpleName.length() - 11)
                : simpleName;
        String kebab = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
        return kebab.isEmpty() ? FALLBACK : kebab;
    }
}
