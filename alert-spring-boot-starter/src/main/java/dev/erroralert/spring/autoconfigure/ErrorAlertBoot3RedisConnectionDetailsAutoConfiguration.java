package dev.erroralert.spring.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Spring Boot 3.5's Redis connection details ({@code RedisConnectionDetails}), told to the Redis store as an
 * {@link ApplicationRedisConnection}: the twin of {@link ErrorAlertRedisConnectionDetailsAutoConfiguration}.
 */
@AutoConfiguration(before = ErrorAlertRedisAutoConfiguration.class,
        afterName = "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration")
@ConditionalOnClass(name = { "org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails",
        "io.lettuce.core.RedisClient" })
public class ErrorAlertBoot3RedisConnectionDetailsAutoConfiguration {

    @Bean
    @ConditionalOnBean(RedisConnectionDetails.class)
    @ConditionalOnMissingBean
    ApplicationRedisConnection errorAlertApplicationRedis(RedisConnectionDetails details, Environment environment) {
        RedisConnectionDetails.Sentinel sentinel = details.getSentinel();
        RedisConnectionDetails.Cluster cluster = details.getCluster();
        RedisConnectionDetails.Standalone standalone = details.getStandalone();
        return new ApplicationRedisConnection(details.getUsername(), details.getPassword(),
                (standalone != null && standalone.getSslBundle() != null)
                        || (sentinel != null && sentinel.getSslBundle() != null)
                        || ErrorAlertRedisAutoConfiguration.applicationSsl(environment),
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

    private static List<ApplicationRedisConnection.Node> nodes(List<RedisConnectionDetails.Node> nodes) {
        return nodes.stream().map((node) -> new ApplicationRedisConnection.Node(node.host(), node.port(), 0)).toList();
    }
}
