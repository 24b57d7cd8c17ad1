package dev.erroralert.spring.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.erroralert.redis.RedisStoreSettings;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import static dev.erroralert.spring.autoconfigure.ErrorAlertProperties.requirePositive;
import static dev.erroralert.spring.autoconfigure.ErrorAlertProperties.named;

/**
 * The Redis store, first in the chain: standalone, Sentinel or Cluster.
 */
@ConfigurationProperties("error-alert.redis")
public class ErrorAlertRedisProperties {

    /**
     * Whether to use a Redis store when Redis is configured.
     */
    private boolean enabled = true;

    /**
     * Redis URL, such as 'redis://user:secret@host:6379/0', 'rediss://...' for TLS, or
     * 'redis-sentinel://:secret@sentinel-1:26379,sentinel-2:26379/0#mymaster' for a master found through
     * Sentinel. Defaults to the application's own 'spring.data.redis.*' settings when present.
     */
    private @Nullable String url;

    /**
     * Redis Cluster nodes to start from, as 'host:port' or as URIs such as 'rediss://user:secret@host:6379'
     * ('host:port' nodes take the credentials and TLS of the first URI); the other nodes are discovered.
     * Instead of 'url'. Defaults to 'spring.data.redis.cluster.nodes' when neither is set.
     */
    private List<String> clusterNodes = new ArrayList<>();

    /**
     * Put before every key, so that several applications can share one Redis.
     */
    private String keyPrefix = "error-alert:";

    /**
     * How long a decision may wait for Redis before the next store decides.
     */
    private Duration commandTimeout = Duration.ofMillis(200);

    /**
     * How long connecting to Redis may take.
     */
    private Duration connectTimeout = Duration.ofMillis(500);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getUrl() {
        return url;
    }

    public void setUrl(@Nullable String url) {
        // Checked when the store is built, never here: a binding failure report prints the value, and a Redis
        // URL may hold a password.
        this.url = url;
    }

    public List<String> getClusterNodes() {
        return clusterNodes;
    }

    public void setClusterNodes(List<String> clusterNodes) {
        // Checked when the store is built, for the same reason as the URL.
        this.clusterNodes = clusterNodes;
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = named("error-alert.redis.key-prefix",
                () -> RedisStoreSettings.ofDefaults().withKeyPrefix(keyPrefix).keyPrefix());
    }

    public Duration getCommandTimeout() {
        return commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = requirePositive(commandTimeout, "error-alert.redis.command-timeout");
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = requirePositive(connectTimeout, "error-alert.redis.connect-timeout");
    }

    /** The settings, keeping what the write-back and the quiet summaries need when they run. */
    RedisStoreSettings toSettings(boolean writeBack, boolean quietEpisodes) {
        return new RedisStoreSettings(keyPrefix, commandTimeout, connectTimeout, writeBack, quietEpisodes);
    }

    @Override
    public String toString() {
        return "Redis[enabled=" + enabled + ", url=" + (url == null ? null : "***") + ", clusterNodes="
                + clusterNodes.size() + ", keyPrefix=" + keyPrefix + "]";
    }
}
