package dev.erroralert.spring.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Spring Boot 4's Redis connection details ({@code DataRedisConnectionDetails}: from {@code spring.data.redis.*}, or
 * from Testcontainers or Docker Compose), told to the Redis store as an {@link ApplicationRedisConnection}.
 * {@link ErrorAlertBoot3RedisConnectionDetailsAutoConfiguration} is its Spring Boot 3.5 twin.
 */
@AutoConfiguration(before = ErrorAlertRedisAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(name = { "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails",
        "io.lettuce.core.RedisClient" })
public class ErrorAlertRedisConnectionDetailsAutoConfiguration {

    @Bean
    @ConditionalOnBean(DataRedisConnectionDetails.class)
    @ConditionalOnMissingBean
    ApplicationRedisConnection errorAlertApplicationRedis(DataRedisConnectionDetails details,
            Environment environment) {
        DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
        DataRedisConnectionDetails.Cluster cluster = details.getCluster();
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        return new ApplicationRedisConnection(details.getUsername(), details.getPassword(),
                details.getSslBundle() != null || ErrorAlertRedisAutoConfiguration.applicationSsl(environment),
                (standalone != null)
                        ? new ApplicationRedisConnection.Node(standalone.getHost(), standalone.getPort(),
                                standalone.getDatabase())
                        : null,
                (sentinel != null)
                        ? new ApplicationRedisConnection.Sentinel(sentinel.getMaster(), nodes(sentinel.getNodes()),
                                sentinel.getDatabase(), sentinel.getUsername(), sentinel.getPassword())
                        : null,
                (cluster != null) ? nodes(cluster.getNodes()) : List.of(), details.getClass().getSimpleName());
    }

    private static List<ApplicationRedisConnection.Node> nodes(List<DataRedisConnectionDetails.Node> nodes) {
        return nodes.stream().map((node) -> new ApplicationRedisConnection.Node(node.host(), node.port(), 0)).toList();
    }
}
