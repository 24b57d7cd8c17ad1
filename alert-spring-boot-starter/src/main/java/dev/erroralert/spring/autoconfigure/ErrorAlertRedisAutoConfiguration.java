package dev.erroralert.spring.autoconfigure;

import dev.erroralert.redis.RedisDedupStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * The Redis store, first in the chain, when Redis is configured: {@code error-alert.redis.url}, or else the
 * application's own {@code spring.data.redis.*} settings. It connects on first use, so an unreachable Redis at
 * start-up costs a warning when it is first needed, not a failed start.
 */
@AutoConfiguration(before = ErrorAlertAutoConfiguration.class)
@ConditionalOnClass({ RedisDedupStore.class, RedisClient.class })
@ConditionalOnProperty(prefix = "error-alert", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(prefix = "error-alert.redis", name = "enabled", havingValue = "true", matchIfMissing = true)
@Conditional(RedisConfiguredCondition.class)
@EnableConfigurationProperties(ErrorAlertProperties.class)
public class ErrorAlertRedisAutoConfiguration {

    /** The chain asks stores in this order: Redis before the database. */
    public static final int ORDER = 100;

    private static final Logger logger = LoggerFactory.getLogger(ErrorAlertRedisAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    @Order(ORDER)
    @ConditionalOnMissingBean
    RedisDedupStore errorAlertRedisStore(ErrorAlertProperties properties, Environment environment) {
        RedisURI uri = RedisConfiguredCondition.redisUri(properties.getRedis().getUrl(), environment);
        RedisDedupStore store = new RedisDedupStore(uri, properties.getRedis().toSettings());
        logger.info("error-alert: deduplicating in Redis ({})", store);
        return store;
    }
}
