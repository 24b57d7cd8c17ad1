package dev.erroralert.spring.autoconfigure;

import java.time.Duration;

import io.lettuce.core.RedisURI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when Redis is configured for error-alert ({@code error-alert.redis.url}) or for the application
 * ({@code spring.data.redis.url} or {@code spring.data.redis.host}). Read from the environment, so it works
 * whatever Spring Data Redis version is on the classpath, or none.
 */
class RedisConfiguredCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        if (nonBlank(environment.getProperty("error-alert.redis.url")) != null) {
            return ConditionOutcome.match("error-alert.redis.url is set");
        }
        if (nonBlank(environment.getProperty("spring.data.redis.url")) != null
                || nonBlank(environment.getProperty("spring.data.redis.host")) != null) {
            return ConditionOutcome.match("spring.data.redis is configured");
        }
        return ConditionOutcome.noMatch("neither error-alert.redis.url nor spring.data.redis.url/host is set");
    }

    private static @Nullable String nonBlank(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The Redis to use: error-alert's own URL, else the application's URL, else its host, port and credentials. */
    static RedisURI redisUri(@Nullable String url, Environment environment) {
        String ownUrl = nonBlank(url);
        if (ownUrl != null) {
            return RedisURI.create(ownUrl);
        }
        String applicationUrl = nonBlank(environment.getProperty("spring.data.redis.url"));
        if (applicationUrl != null) {
            return RedisURI.create(applicationUrl);
        }
        RedisURI.Builder builder = RedisURI.builder()
                .withHost(environment.getProperty("spring.data.redis.host", "localhost"))
                .withPort(environment.getProperty("spring.data.redis.port", Integer.class, 6379))
                .withDatabase(environment.getProperty("spring.data.redis.database", Integer.class, 0))
                .withSsl(environment.getProperty("spring.data.redis.ssl.enabled", Boolean.class, false))
                .withTimeout(Duration.ofSeconds(1));
        String username = nonBlank(environment.getProperty("spring.data.redis.username"));
        String password = environment.getProperty("spring.data.redis.password");
        if (password != null && !password.isEmpty()) {
            if (username != null) {
                builder.withAuthentication(username, password);
            }
            else {
                builder.withPassword(password.toCharArray());
            }
        }
        return builder.build();
    }
}
