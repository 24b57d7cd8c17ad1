package dev.erroralert.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisSentinel;

/**
 * A real Redis Sentinel setup on 127.0.0.1: a master, one replica and three sentinels watching them (quorum two),
 * each an embedded-redis 6.2 process on a free port. It is ready once every sentinel sees the master, the replica and
 * the two other sentinels, and the replica is in sync.
 * <p>
 * A master unreachable for a second is failed over to the replica, as in production but faster. Close it when done:
 * that stops every process.
 */
public final class EmbeddedRedisSentinel implements AutoCloseable {

    /** The name the sentinels know the master by. */
    public static final String MASTER_NAME = "mymaster";

    private static final Logger logger = LoggerFactory.getLogger(EmbeddedRedisSentinel.class);

    private static final int SENTINELS = 3;

    private static final int QUORUM = 2;

    // Short, so a failover takes a couple of seconds; a test machine does not stall Redis for this long.
    private static final Duration DOWN_AFTER = Duration.ofSeconds(1);

    // Also how long a sentinel waits before it tries again when a vote was split, so it is kept short too.
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(3);

    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    // A race with another process taking the probed port is possible but rare; a few tries make it harmless.
    private static final int START_ATTEMPTS = 3;

    private final List<EmbeddedRedisServer> servers = new ArrayList<>();
    private final List<RedisSentinel> sentinels = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final RedisClient admin;

    private EmbeddedRedisSentinel() {
        this.admin = RedisClient.create();
        admin.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                .build());
    }

    /** A master, its replica and three sentinels, ready; close them when done. */
    public static EmbeddedRedisSentinel startNew() {
        EmbeddedRedisSentinel setup = new EmbeddedRedisSentinel();
        try {
            setup.start();
            return setup;
        }
        catch (RuntimeException ex) {
            setup.close();
            throw ex;
        }
    }

    private void start() {
        EmbeddedRedisServer master = EmbeddedRedisServer.startNew();
        servers.add(master);
        servers.add(EmbeddedRedisServer.startNew(false,
                (port) -> List.of("replicaof " + EmbeddedRedisServer.HOST + " " + master.port())));
        for (int i = 0; i < SENTINELS; i++) {
            startSentinel(master.port());
        }
        Polling.until("the sentinels to see the master, its replica and each other", READY_WITHIN,
                () -> sentinelPorts.stream().allMatch(this::seesEverything));
        awaitReplicated();
        logger.debug("Embedded Redis Sentinel ready: master {}, replica {}, sentinels {}", master, servers.get(1),
                sentinelPorts);
    }

    private void startSentinel(int masterPort) {
        @Nullable IOException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                int port = EmbeddedRedisServer.freePort();
                RedisSentinel sentinel = RedisSentinel.newRedisSentinel()
                        .bind(EmbeddedRedisServer.HOST)
                        .port(port)
                        .setting("sentinel monitor " + MASTER_NAME + " " + EmbeddedRedisServer.HOST + " " + masterPort
                                + " " + QUORUM)
                        .setting("sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis())
                        .setting("sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT.toMillis())
                        .setting("sentinel parallel-syncs " + MASTER_NAME + " 1")
                        // Reading both streams keeps the pipes from filling up and blocking the sentinel.
                        .soutListener((line) -> logger.trace("sentinel:{} {}", port, line))
                        .serrListener((line) -> logger.debug("sentinel:{} {}", port, line))
                        .build();
                sentinel.start();
                sentinels.add(sentinel);
                sentinelPorts.add(port);
                return;
            }
            catch (IOException ex) {
                lastFailure = ex;
            }
        }
        throw new UncheckedIOException("Embedded Redis Sentinel did not start after " + START_ATTEMPTS + " attempts",
                lastFailure);
    }

    private boolean seesEverything(int sentinelPort) {
        Map<String, String> master = onSentinel(sentinelPort, (commands) -> commands.master(MASTER_NAME));
        return "master".equals(master.get("flags"))
                && "1".equals(master.get("num-slaves"))
                && Integer.toString(SENTINELS - 1).equals(master.get("num-other-sentinels"));
    }

    /**
     * The client's address of this setup, such as {@code redis-sentinel://127.0.0.1:51234,127.0.0.1:51236#mymaster}:
     * the sentinels, in the order a client asks them.
     */
    public String uri() {
        return "redis-sentinel://" + sentinelPorts.stream().map((port) -> EmbeddedRedisServer.HOST + ":" + port)
                .collect(Collectors.joining(",")) + "#" + MASTER_NAME;
    }

    /** The sentinels' ports, in the order of {@link #uri()}. */
    public List<Integer> sentinelPorts() {
        return List.copyOf(sentinelPorts);
    }

    /** The master and the replica, running or stopped, in the order they were started (the first master first). */
    public List<EmbeddedRedisServer> servers() {
        return List.copyOf(servers);
    }

    /**
     * The master as the first sentinel names it now: the one a client asks first, so the one a client that connects
     * now reaches.
     */
    public EmbeddedRedisServer master() {
        InetSocketAddress address = (InetSocketAddress) onSentinel(sentinelPorts.get(0),
                (commands) -> commands.getMasterAddrByName(MASTER_NAME));
        return servers.stream().filter((server) -> server.port() == address.getPort()).findFirst()
                .orElseThrow(() -> new IllegalStateException("The sentinels name an unknown master " + address));
    }

    /**
     * Wait until every running replica holds everything the master had written when this was called, as replication
     * is asynchronous: what a client was told was written may not be on the replica yet.
     */
    public void awaitReplicated() {
        EmbeddedRedisServer master = master();
        long written = replicationOffset(master, "master_repl_offset");
        Polling.until("the replicas to catch up with " + master, READY_WITHIN, () -> running()
                .filter((server) -> server != master)
                .allMatch((replica) -> replicationOffset(replica, "slave_repl_offset") >= written));
    }

    private long replicationOffset(EmbeddedRedisServer server, String field) {
        String replication = on(server, (commands) -> commands.info("replication"));
        return replication.lines().filter((line) -> line.startsWith(field + ":"))
                .mapToLong((line) -> Long.parseLong(line.substring(field.length() + 1).strip())).findFirst()
                .orElseThrow(() -> new IllegalStateException(server + " reports no " + field));
    }

    /** Run {@code command} on one server, on a connection of its own. */
    public <T> T on(EmbeddedRedisServer server, Function<RedisCommands<String, String>, T> command) {
        try (StatefulRedisConnection<String, String> connection = admin.connect(RedisURI.create(server.uri()))) {
            return command.apply(connection.sync());
        }
    }

    private <T> T onSentinel(int port, Function<RedisSentinelCommands<String, String>, T> command) {
        RedisURI sentinel = RedisURI.create(EmbeddedRedisServer.HOST, port);
        try (StatefulRedisSentinelConnection<String, String> connection = admin.connectSentinel(sentinel)) {
            return command.apply(connection.sync());
        }
    }

    private Stream<EmbeddedRedisServer> running() {
        return servers.stream().filter(EmbeddedRedisServer::isRunning);
    }

    /** Stop the sentinels first (so they start no failover), then the servers. */
    @Override
    public void close() {
        for (RedisSentinel sentinel : sentinels) {
            try {
                sentinel.stop();
            }
            catch (IOException ex) {
                logger.debug("A sentinel did not stop", ex);
            }
        }
        servers.forEach(EmbeddedRedisServer::stop);
        admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
        return "EmbeddedRedisSentinel[" + uri() + "]";
    }
}
