package dev.erroralert.spring.autoconfigure;

import dev.erroralert.spring.endpoint.ErrorAlertsEndpoint;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a GraalVM native image of an application with error-alert needs beyond what Spring's AOT processing finds by
 * itself: the Redis store's Lua scripts and the JDBC stores' SQL scripts, read as classpath resources, and the types
 * read and written reflectively (the properties bound from the environment, the endpoint's JSON responses).
 * Registered through {@code META-INF/spring/aot.factories}.
 */
public class ErrorAlertRuntimeHints implements RuntimeHintsRegistrar {

    /** The Redis store's scripts, beside {@code RedisDedupStore}. */
    static final String LUA_SCRIPTS = "dev/erroralert/redis/*.lua";

    /** The JDBC stores' schema scripts, beside {@code JdbcSchema}. */
    static final String SQL_SCRIPTS = "dev/erroralert/jdbc/*.sql";

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.resources().registerPattern(LUA_SCRIPTS).registerPattern(SQL_SCRIPTS);
        BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
        bindings.registerReflectionHints(hints.reflection(), ErrorAlertProperties.class,
                ErrorAlertRedisProperties.class, ErrorAlertJdbcProperties.class, ErrorAlertHistoryProperties.class,
                ErrorAlertSlackProperties.class, ErrorAlertDeliveryProperties.class, ErrorAlertHealthProperties.class, ErrorAlertsEndpoint.ErrorAlertsDescriptor.class,
                ErrorAlertsEndpoint.ErrorDescriptor.class, ErrorAlertsEndpoint.MuteDescriptor.class,
                ErrorAlertsEndpoint.MutedDescriptor.class, ErrorAlertsEndpoint.UnmutedDescriptor.class);
    }
}
