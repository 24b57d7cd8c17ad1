package dev.erroralert.sample.shop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Starts a Redis of the sample's own when none is configured ({@code REDIS_URL} or {@code error-alert.redis.url}),
 * so the sample shows the whole chain on a machine with nothing installed. A real application points error-alert at
 * its own Redis instead.
 */
final class LocalRedis {

    private static final Logger logger = LoggerFactory.getLogger(LocalRedis.class);

    private LocalRedis() {
    }

    static void startUnlessConfigured() {
        if (isSet(System.getenv("REDIS_URL")) || isSet(System.getProperty("error-alert.redis.url"))) {
            return;
        }
        try {
            int port = freePort();
            RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    // Reading its output keeps the pipes from filling up and stalling the server.
                    .soutListener(line -> logger.trace("redis: {}", line))
                    .serrListener(line -> logger.debug("redis: {}", line))
                    .build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                }
                catch (IOException ex) {
                    // The JVM is going away; nothing left to tell.
                }
            }, "sample-redis-stop"));
            System.setProperty("error-alert.redis.url", "redis://127.0.0.1:" + port);
            logger.info("No REDIS_URL set: started a local Redis for the sample on 127.0.0.1:{}", port);
        }
        catch (IOException | RuntimeException ex) {
            // The sample still runs: error-alert then decides in the database.
            logger.warn("Could not start a local Redis ({}); error-alert will use the database", ex.toString());
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
