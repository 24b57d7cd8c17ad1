package dev.erroralert.spring.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.erroralert.spring.endpoint.ErrorAlertsEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorAlertRuntimeHintsTests {

    /** The hints as a native build would collect them: every registrar listed in aot.factories. */
    private static RuntimeHints registeredHints() {
        RuntimeHints hints = new RuntimeHints();
        ClassLoader classLoader = ErrorAlertRuntimeHintsTests.class.getClassLoader();
        SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(RuntimeHintsRegistrar.class)
                .forEach(registrar -> registrar.registerHints(hints, classLoader));
        return hints;
    }

    /** The scripts the stores read, as they are on the classpath: a new script without a hint fails here. */
    private static List<String> scripts() throws IOException {
        List<String> paths = new ArrayList<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (String pattern : List.of(ErrorAlertRuntimeHints.LUA_SCRIPTS, ErrorAlertRuntimeHints.SQL_SCRIPTS)) {
            for (Resource script : resolver.getResources("classpath*:" + pattern)) {
                paths.add(pattern.substring(0, pattern.lastIndexOf('/') + 1) + script.getFilename());
            }
        }
        return paths;
    }

    @Test
    void aotFactoriesShouldRegisterEveryLuaAndSqlScriptTheStoresRead() throws IOException {
        RuntimeHints hints = registeredHints();
        List<String> scripts = scripts();
        assertThat(scripts).contains("dev/erroralert/redis/decide.lua", "dev/erroralert/jdbc/schema.sql");
        assertThat(scripts).allSatisfy(
                script -> assertThat(RuntimeHintsPredicates.resource().forResource(script)).accepts(hints));
    }

    @Test
    void aotFactoriesShouldRegisterThePropertiesAndTheEndpointResponsesForReflection() {
        RuntimeHints hints = registeredHints();
        for (Class<?> type : List.of(ErrorAlertProperties.class, ErrorAlertRedisProperties.class,
                ErrorAlertJdbcProperties.class, ErrorAlertHistoryProperties.class, ErrorAlertSlackProperties.class,
                ErrorAlertSlackProperties.Route.class, ErrorAlertDeliveryProperties.class,
                ErrorAlertHealthProperties.class,
                ErrorAlertsEndpoint.ErrorAlertsDescriptor.class, ErrorAlertsEndpoint.ErrorDescriptor.class,
                ErrorAlertsEndpoint.MutedDescriptor.class, ErrorAlertsEndpoint.UnmutedDescriptor.class)) {
            assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(hints);
        }
    }
}
