package dev.erroralert.spring.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where the application's own Redis is, as Spring Boot's Redis connection details say it
 * ({@code DataRedisConnectionDetails} in Boot 4, {@code RedisConnectionDetails} in Boot 3.5), told without either
 * line's types. The Redis store uses it when {@code error-alert.redis.*} names no Redis of its own, in the order
 * Spring Boot's Lettuce configuration does: a Sentinel, else a Cluster, else a standalone server.
 *
 * @param username the data nodes' user, if any
 * @param password the data nodes' password, if any
 * @param ssl whether to connect with TLS (the details name an SSL bundle, or {@code spring.data.redis.ssl} says so)
 * @param standalone the standalone server, when that is what the details describe
 * @param sentinel the Sentinel setup, if any
 * @param cluster the Cluster's seed nodes; empty when there is no Cluster
 * @param source which details, for the start-up log
 */
record ApplicationRedisConnection(@Nullable String username, @Nullable String password, boolean ssl,
        @Nullable Node standalone, @Nullable Sentinel sentinel, List<Node> cluster, String source) {

    /**
     * A Redis node.
     *
     * @param host its host
     * @param port its port
     * @param database the database number (standalone only)
     */
    record Node(String host, int port, int database) {
    }

    /**
     * A Sentinel setup.
     *
     * @param master the master's name
     * @param nodes the sentinels
     * @param database the database number
     * @param username the sentinels' user, if any
     * @param password the sentinels' password, if any
     */
    record Sentinel(String master, List<Node> nodes, int database, @Nullable String username,
            @Nullable String password) {
    }
}
