package dev.erroralert.spring.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when Redis is configured for error-alert ({@code error-alert.redis.url} or
 * {@code error-alert.redis.cluster-nodes}) or for the application ({@code spring.data.redis.sentinel.*},
 * {@code spring.data.redis.cluster.nodes}, {@code spring.data.redis.url} or {@code spring.data.redis.host}). Read
 * from the environment, so it works whatever Spring Data Redis version is on the classpath, or none. Which of them
 * the store then uses is decided by {@link ErrorAlertRedisAutoConfiguration}.
 */
class RedisConfiguredCondition extends SpringBootCondition {

    private static final List<String> SCALAR_PROPERTIES = List.of("error-alert.redis.url",
            "spring.data.redis.sentinel.master", "spring.data.redis.url", "spring.data.redis.host");

    private static final List<String> LIST_PROPERTIES = List.of("error-alert.redis.cluster-nodes",
            "spring.data.redis.sentinel.nodes", "spring.data.redis.cluster.nodes");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        for (String property : SCALAR_PROPERTIES) {
            if (nonBlank(environment.getProperty(property)) != null) {
                return ConditionOutcome.match(property + " is set");
            }
        }
        for (String property : LIST_PROPERTIES) {
            if (!list(environment, property).isEmpty()) {
                return ConditionOutcome.match(property + " is set");
            }
        }
        return ConditionOutcome.noMatch("none of error-alert.redis.url, error-alert.redis.cluster-nodes or "
                + "spring.data.redis url, host, sentinel or cluster settings is set");
    }

    static @Nullable String nonBlank(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A list property, written either as one comma-separated value or as indexed entries (a YAML list). */
    static List<String> list(Environment environment, String property) {
        return Binder.get(environment).bind(property, Bindable.listOf(String.class)).orElse(List.of()).stream()
                .filter((entry) -> nonBlank(entry) != null).toList();
    }
}
