package dev.erroralert.spring.autoconfigure;

import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.erroralert.history.HistoryStore;
import dev.erroralert.redis.RedisDedupStore;
import dev.erroralert.redis.RedisMuteStore;
import dev.erroralert.redis.RedisStoreSettings;
import dev.erroralert.redis.RedisThreadStore;
import dev.erroralert.store.StoreThreads;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

import static dev.erroralert.spring.autoconfigure.RedisConfiguredCondition.list;
import static dev.erroralert.spring.autoconfigure.RedisConfiguredCondition.nonBlank;

/**
 * The Redis store, first in the chain, when the application has Lettuce and Redis is configured, or Spring Boot's own
 * Redis support gives connection details (as it does whenever the application has Spring Data Redis). It connects on
 * first use, so an unreachable Redis at start-up costs a warning when it is first needed, not a failed start.
 * <p>
 * Where it connects, the first of: {@code error-alert.redis.cluster-nodes} (a Cluster) or {@code error-alert.redis.url}
 * (standalone, TLS, or Sentinel by its scheme), never both; else Spring Boot's Redis connection details
 * ({@link ApplicationRedisConnection}); else, without Spring Data Redis, the application's own Spring Data Redis
 * settings, in the order Spring Boot itself reads them: {@code spring.data.redis.sentinel.*} (a Sentinel master),
 * {@code spring.data.redis.cluster.nodes} (a Cluster), {@code spring.data.redis.url}, {@code spring.data.redis.host}.
 */
@AutoConfiguration(before = ErrorAlertAutoConfiguration.class,
        afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
                "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration" })
@ConditionalOnClass({ RedisDedupStore.class, RedisClient.class })
@ConditionalOnProperty(prefix = "error-alert", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(prefix = "error-alert.redis", name = "enabled", havingValue = "true", matchIfMissing = true)
@Conditional(ErrorAlertRedisAutoConfiguration.RedisConfigured.class)
@EnableConfigurationProperties({ ErrorAlertProperties.class, ErrorAlertRedisProperties.class })
public class ErrorAlertRedisAutoConfiguration {

    /** The chain asks stores in this order: Redis before the database. */
    public static final int ORDER = 100;

    private static final Logger logger = LoggerFactory.getLogger(ErrorAlertRedisAutoConfiguration.class);

    private static final Pattern URL_SCHEMES =
            Pattern.compile("(?i)(redis|rediss|redis-socket|redis-sentinel|rediss-sentinel)://");

    private static final Pattern NODE_SCHEMES = Pattern.compile("(?i)(redis|rediss)://");

    @Bean(destroyMethod = "close")
    @Order(ORDER)
    @ConditionalOnMissingBean
    RedisDedupStore errorAlertRedisStore(ErrorAlertRedisProperties redis, ErrorAlertProperties properties,
            Environment environment,
            ObjectProvider<HistoryStore> history, ObjectProvider<ApplicationRedisConnection> application) {
        // Occurrences are kept pending only when a write-back will take them, episodes only for quiet summaries and
        // reminders: otherwise both would pile up in Redis.
        RedisStoreSettings settings = redis.toSettings(history.getIfAvailable() != null,
                properties.getQuietSummary().isEnabled() || properties.getReminder().isEnabled());
        RedisDedupStore store = createStore(redis, settings, environment,
                application.getIfAvailable());
        logger.info("error-alert: deduplicating in Redis ({})", store);
        return store;
    }

    /**
     * Mutes shared through Redis, read before the database's, on the store's connection: the store closes it, after
     * the mutes, which depend on it.
     */
    @Bean
    @Order(ORDER)
    @ConditionalOnMissingBean
    RedisMuteStore errorAlertRedisMutes(RedisDedupStore store) {
        return new RedisMuteStore(store.connection());
    }

    /**
     * Slack threads kept in the store's records, on its connection; the chain asks them through the store's circuit.
     */
    @Bean
    @Order(ORDER)
    StoreThreads errorAlertRedisThreads(RedisDedupStore store) {
        return new StoreThreads(store.name(), new RedisThreadStore(store.connection()));
    }

    /**
     * The store the settings describe (see the class comment for the order). A bad setting fails with the property's
     * name, never its value, which may hold a password.
     */
    static RedisDedupStore createStore(ErrorAlertRedisProperties redis, RedisStoreSettings settings,
            Environment environment, @Nullable ApplicationRedisConnection application) {
        List<String> ownNodes = redis.getClusterNodes().stream().filter((node) -> nonBlank(node) != null).toList();
        String ownUrl = nonBlank(redis.getUrl());
        if (!ownNodes.isEmpty() && ownUrl != null) {
            throw new IllegalArgumentException(
                    "error-alert.redis.url and error-alert.redis.cluster-nodes are both set: set one of them");
        }
        if (!ownNodes.isEmpty()) {
            return RedisDedupStore.cluster(nodeUris(ownNodes, "error-alert.redis.cluster-nodes", null), settings);
        }
        if (ownUrl != null) {
            return fromUrl(ownUrl, "error-alert.redis.url", settings);
        }
        if (application != null) {
            return fromConnectionDetails(application, settings);
        }
        String master = nonBlank(environment.getProperty("spring.data.redis.sentinel.master"));
        List<String> sentinels = list(environment, "spring.data.redis.sentinel.nodes");
        if (master != null || !sentinels.isEmpty()) {
            return RedisDedupStore.sentinel(applicationSentinelUri(master, sentinels, environment), settings);
        }
        List<String> clusterNodes = list(environment, "spring.data.redis.cluster.nodes");
        if (!clusterNodes.isEmpty()) {
            RedisURI credentials = credentialsAndTls(nonBlank(environment.getProperty("spring.data.redis.username")),
                    environment.getProperty("spring.data.redis.password"), applicationSsl(environment));
            return RedisDedupStore.cluster(nodeUris(clusterNodes, "spring.data.redis.cluster.nodes", credentials),
                    settings);
        }
        String applicationUrl = nonBlank(environment.getProperty("spring.data.redis.url"));
        if (applicationUrl != null) {
            return fromUrl(applicationUrl, "spring.data.redis.url", settings);
        }
        return RedisDedupStore.standalone(applicationHostUri(environment), settings);
    }

    /** As Spring Boot's Lettuce configuration reads its connection details: Sentinel, else Cluster, else standalone. */
    private static RedisDedupStore fromConnectionDetails(ApplicationRedisConnection application,
            RedisStoreSettings settings) {
        ApplicationRedisConnection.Sentinel sentinel = application.sentinel();
        if (sentinel != null) {
            RedisURI.Builder builder = RedisURI.builder().withSentinelMasterId(sentinel.master());
            RedisURI sentinelCredentials = credentialsAndTls(nonBlank(sentinel.username()), sentinel.password(),
                    false);
            sentinel.nodes().forEach((node) -> builder.withSentinel(
                    RedisURI.Builder.redis(node.host(), node.port()).withAuthentication(sentinelCredentials).build()));
            builder.withDatabase(sentinel.database()).withSsl(application.ssl());
            withCredentials(builder, nonBlank(application.username()), application.password());
            return RedisDedupStore.sentinel(builder.build(), settings);
        }
        if (!application.cluster().isEmpty()) {
            RedisURI credentials = credentialsAndTls(nonBlank(application.username()), application.password(),
                    application.ssl());
            return RedisDedupStore.cluster(application.cluster().stream().map((node) -> RedisURI.Builder
                    .redis(node.host(), node.port()).withSsl(credentials).withAuthentication(credentials).build())
                    .toList(), settings);
        }
        ApplicationRedisConnection.Node standalone = application.standalone();
        RedisURI.Builder builder = (standalone != null)
                ? RedisURI.builder().withHost(standalone.host()).withPort(standalone.port())
                        .withDatabase(standalone.database())
                : RedisURI.builder().withHost("localhost").withPort(6379);
        builder.withSsl(application.ssl());
        withCredentials(builder, nonBlank(application.username()), application.password());
        return RedisDedupStore.standalone(builder.build(), settings);
    }

    /** Redis is configured for error-alert or the application, or Spring Boot gives its connection details. */
    static class RedisConfigured extends AnyNestedCondition {

        RedisConfigured() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @Conditional(RedisConfiguredCondition.class)
        static class BySettings {
        }

        @ConditionalOnBean(ApplicationRedisConnection.class)
        static class ByConnectionDetails {
        }
    }

    private static RedisDedupStore fromUrl(String url, String property, RedisStoreSettings settings) {
        if (!URL_SCHEMES.matcher(url).lookingAt()) {
            throw new IllegalArgumentException(property + " must start with redis://, rediss://, redis-socket:// or "
                    + "redis-sentinel://");
        }
        RedisURI uri = parse(url, property);
        if (uri.getSentinels().isEmpty()) {
            return RedisDedupStore.standalone(uri, settings);
        }
        try {
            return RedisDedupStore.sentinel(uri, settings);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(property + " is invalid: " + ex.getMessage(), ex);
        }
    }

    private static RedisURI applicationSentinelUri(@Nullable String master, List<String> sentinels,
            Environment environment) {
        if (master == null) {
            throw new IllegalArgumentException("spring.data.redis.sentinel.master must be set with "
                    + "spring.data.redis.sentinel.nodes");
        }
        if (sentinels.isEmpty()) {
            throw new IllegalArgumentException("spring.data.redis.sentinel.nodes must be set with "
                    + "spring.data.redis.sentinel.master");
        }
        // The sentinels' own credentials, as Spring Data Redis reads them; the master's are the data node's.
        RedisURI sentinelCredentials = credentialsAndTls(
                nonBlank(environment.getProperty("spring.data.redis.sentinel.username")),
                environment.getProperty("spring.data.redis.sentinel.password"), false);
        List<RedisURI> sentinelUris = nodeUris(sentinels, "spring.data.redis.sentinel.nodes", sentinelCredentials);
        RedisURI.Builder builder = RedisURI.builder().withSentinelMasterId(master);
        sentinelUris.forEach(builder::withSentinel);
        builder.withDatabase(environment.getProperty("spring.data.redis.database", Integer.class, 0));
        // After the sentinels are added, so that they use TLS as well, as Spring Data Redis has them do.
        builder.withSsl(applicationSsl(environment));
        withCredentials(builder, nonBlank(environment.getProperty("spring.data.redis.username")),
                environment.getProperty("spring.data.redis.password"));
        return builder.build();
    }

    private static RedisURI applicationHostUri(Environment environment) {
        RedisURI.Builder builder = RedisURI.builder()
                .withHost(environment.getProperty("spring.data.redis.host", "localhost"))
                .withPort(environment.getProperty("spring.data.redis.port", Integer.class, 6379))
                .withDatabase(environment.getProperty("spring.data.redis.database", Integer.class, 0))
                .withSsl(applicationSsl(environment));
        withCredentials(builder, nonBlank(environment.getProperty("spring.data.redis.username")),
                environment.getProperty("spring.data.redis.password"));
        return builder.build();
    }

    static boolean applicationSsl(Environment environment) {
        // As Spring Boot reads it: an SSL bundle turns TLS on unless it is turned off. The bundle's own trust
        // material is not applied here; the JDK's default trust store is.
        Boolean enabled = environment.getProperty("spring.data.redis.ssl.enabled", Boolean.class);
        return (enabled != null) ? enabled : nonBlank(environment.getProperty("spring.data.redis.ssl.bundle")) != null;
    }

    /**
     * Nodes given as {@code host:port}, or as {@code redis://} or {@code rediss://} URIs carrying their own credentials
     * and TLS. A {@code host:port} node takes the credentials and TLS of {@code template}, or when there is none of the
     * first node given as a URI: Lettuce wants every seed node alike.
     */
    private static List<RedisURI> nodeUris(List<String> nodes, String property, @Nullable RedisURI template) {
        List<RedisURI> uris = new ArrayList<>();
        @Nullable RedisURI like = template;
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i).strip();
            if (like == null && NODE_SCHEMES.matcher(node).lookingAt()) {
                like = parse(node, property + "[" + i + "]");
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i).strip();
            String entry = property + "[" + i + "]";
            if (NODE_SCHEMES.matcher(node).lookingAt()) {
                RedisURI uri = parse(node, entry);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException(entry + " must name a host");
                }
                uris.add(uri);
                continue;
            }
            int colon = node.lastIndexOf(':');
            String host = (colon < 1) ? "" : node.substring(0, colon).replace("[", "").replace("]", "");
            int port = (colon < 1) ? 0 : port(node.substring(colon + 1));
            if (host.isBlank() || host.contains("@") || host.contains("/") || port < 1 || port > 65535) {
                throw new IllegalArgumentException(entry + " must be host:port or a redis:// or rediss:// URI");
            }
            RedisURI.Builder builder = RedisURI.Builder.redis(host, port);
            if (like != null) {
                builder.withSsl(like).withAuthentication(like);
            }
            uris.add(builder.build());
        }
        return uris;
    }

    // Carries only credentials and TLS, for nodes given as host:port; its host is never used.
    private static RedisURI credentialsAndTls(@Nullable String username, @Nullable String password, boolean ssl) {
        RedisURI.Builder builder = RedisURI.builder().withHost("localhost").withSsl(ssl);
        withCredentials(builder, username, password);
        return builder.build();
    }

    private static void withCredentials(RedisURI.Builder builder, @Nullable String username,
            @Nullable String password) {
        if (password != null && !password.isEmpty()) {
            if (username != null) {
                builder.withAuthentication(username, password);
            }
            else {
                builder.withPassword(password.toCharArray());
            }
        }
    }

    private static int port(String port) {
        try {
            return Integer.parseInt(port.strip());
        }
        catch (NumberFormatException ex) {
            return 0;
        }
    }

    private static RedisURI parse(String value, String property) {
        try {
            return RedisURI.create(value);
        }
        catch (RuntimeException ex) {
            // The value is never shown, nor a message that quotes it: it may hold a password.
            String reason = (ex.getCause() instanceof URISyntaxException syntax) ? syntax.getReason()
                    : quotesNoPartOf(ex.getMessage(), value) ? ex.getMessage() : "not a valid Redis URI";
            throw new IllegalArgumentException(property + " is invalid: " + reason);
        }
    }

    private static boolean quotesNoPartOf(@Nullable String message, String value) {
        if (message == null) {
            return false;
        }
        int scheme = value.indexOf("://");
        int at = value.lastIndexOf('@');
        String credentials = (scheme >= 0 && at > scheme + 3) ? value.substring(scheme + 3, at) : value;
        return !message.contains(value) && !message.contains(credentials);
    }
}
