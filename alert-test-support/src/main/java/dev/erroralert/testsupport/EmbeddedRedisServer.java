package dev.erroralert.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real Redis server (the 6.2 binary shipped in {@code embedded-redis}) on a free port of 127.0.0.1.
 * <p>
 * Tests normally use the one {@link #shared() shared} server of the JVM; a test that pauses, stops or otherwise
 * disturbs Redis takes a {@link #startNew() dedicated} one and closes it. {@link #stop()} and {@link #start()}
 * take the server down and bring it back on the same port, as an outage and a recovery look to a client.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    static final String HOST = "127.0.0.1";

    // A Cluster node also listens on its port + 10000 for the other nodes (Redis 6.2 has no setting for that port).
    private static final int CLUSTER_BUS_PORT_OFFSET = 10000;

    // A race with another process taking the probed port is possible but rare; a few tries make it harmless.
    private static final int START_ATTEMPTS = 3;

    private static @Nullable EmbeddedRedisServer shared;

    private final int port;
    private final RedisServer server;

    private EmbeddedRedisServer(int port, List<String> settings) throws IOException {
        this.port = port;
        RedisServerBuilder builder = RedisServer.newRedisServer()
                .bind(HOST)
                .port(port)
                // Nothing is written to disk, so a restart starts empty, like a replacement node.
                .setting("save \"\"")
                .setting("appendonly no")
                // Reading both streams keeps the pipes from filling up and blocking the server.
                .soutListener(line -> logger.trace("redis:{} {}", port, line))
                .serrListener(line -> logger.debug("redis:{} {}", port, line));
        settings.forEach(builder::setting);
        this.server = builder.build();
    }

    /** The server shared by every test of this JVM, started on first use (and again if a test left it stopped). */
    public static synchronized EmbeddedRedisServer shared() {
        if (shared == null) {
            shared = startNew();
        }
        else if (!shared.isRunning()) {
            shared.start();
        }
        return shared;
    }

    /** A dedicated server for one test, on its own free port; close it when done. */
    public static EmbeddedRedisServer startNew() {
        return startNew(false, (port) -> List.of());
    }

    /**
     * A dedicated server for one test with more lines of redis.conf, such as {@code requirepass s3cret} or
     * {@code user alerts on >s3cret ~* +@all}; close it when done.
     */
    public static EmbeddedRedisServer startNewWith(String... settings) {
        return startNew(false, (port) -> List.of(settings));
    }

    /**
     * A dedicated server with more settings (lines of redis.conf, chosen knowing the port), on a free port; when
     * {@code clusterNode}, the port 10000 above it, which the Cluster bus takes, is free too.
     */
    static EmbeddedRedisServer startNew(boolean clusterNode, IntFunction<List<String>> settings) {
        @Nullable IOException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                int port = clusterNode ? freeClusterPort() : freePort();
                EmbeddedRedisServer server = new EmbeddedRedisServer(port, settings.apply(port));
                server.server.start();
                logger.debug("Embedded Redis started on port {}", server.port);
                return server;
            }
            catch (IOException ex) {
                lastFailure = ex;
            }
        }
        throw new UncheckedIOException("Embedded Redis did not start after " + START_ATTEMPTS + " attempts",
                lastFailure);
    }

    /** The port the server listens on, the same across {@link #stop()} and {@link #start()}. */
    public int port() {
        return port;
    }

    /** The address to hand to a client, such as {@code redis://127.0.0.1:51234}. */
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    /** Whether the server process is running. */
    public boolean isRunning() {
        return server.isActive();
    }

    /** Start the server again on the same port after {@link #stop()}; does nothing if it is running. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            server.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Embedded Redis did not restart on port " + port, ex);
        }
    }

    /** Stop the server, dropping every connection and all data; does nothing if it is stopped. */
    public synchronized void stop() {
        try {
            server.stop();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Embedded Redis did not stop on port " + port, ex);
        }
    }

    /** Stop the server; meant for {@link #startNew() dedicated} servers, the shared one lives as long as the JVM. */
    @Override
    public void close() {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static int freeClusterPort() throws IOException {
        // Ports the system hands out are up to 60999, so about one in five has no room for its bus port.
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = freePort();
            if (port + CLUSTER_BUS_PORT_OFFSET <= 65535 && isFree(port + CLUSTER_BUS_PORT_OFFSET)) {
                return port;
            }
        }
        throw new IOException("No free port with a free Cluster bus port found on " + HOST);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "EmbeddedRedisServer[" + uri() + "]";
    }
}
