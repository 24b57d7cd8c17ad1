package dev.erroralert.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisReadOnlyException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection the Redis stores ({@link RedisDedupStore}, {@link RedisMuteStore}, {@link RedisThreadStore})
 * share: the topology it reaches, the Lettuce client tuned for short timeouts, and the key layout below the settings'
 * prefix.
 * <p>
 * Three topologies, one per factory: {@link #standalone standalone} (also TLS and AUTH through a {@code rediss://}
 * URI with credentials), {@link #sentinel Sentinel} (a {@code redis-sentinel://} URI: the sentinels name the master at
 * every connect) and {@link #cluster Cluster} (seed nodes: the connection follows the slots' masters, also through a
 * failover). Every command of the stores is the same in all three: a script or a hash command on one key, which a
 * Cluster routes to the node of the key's slot.
 * <p>
 * It holds one thread-safe connection, opened on the first call and not before, so an application starts while Redis
 * is down. When Redis cannot be reached, is too slow, or the connection was lost, a call throws at once or after the
 * short command timeout, and a later call connects again.
 */
public final class RedisConnection implements AutoCloseable {

    /** How the stores reach Redis. */
    public enum Topology {

        /** One Redis server. */
        STANDALONE,

        /** A master found through Redis Sentinel, found again after a failover. */
        SENTINEL,

        /** A Redis Cluster: each key goes to the master of its hash slot. */
        CLUSTER
    }

    private static final Logger logger = LoggerFactory.getLogger(RedisConnection.class);

    private static final String READ_ONLY_REPLY = "READONLY You can't write against a read only replica";

    // Lettuce's own back-off between reconnect attempts grows to 30 s, which would leave a restarted Cluster node
    // unused that long. Each failed attempt is also what makes the client reread the Cluster's topology
    // (PERSISTENT_RECONNECTS), so with a cap of one second a failover is followed about a second after it happened.
    private static final Delay CLUSTER_RECONNECT_DELAY = Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1),
            2, TimeUnit.MILLISECONDS);

    // Adaptive refreshes (a node unreachable, a MOVED reply, an uncovered slot) follow a failover, at most one a
    // second however many calls meet the change; the periodic one catches changes that cause none of these, such as
    // a replica added, at the cost of a CLUSTER NODES per node every 30 s.
    private static final Duration CLUSTER_ADAPTIVE_REFRESH_LIMIT = Duration.ofSeconds(1);

    private static final Duration CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(30);

    private final Topology topology;
    // The one URI of a standalone or Sentinel store, the seed nodes of a Cluster store: copies with the connect
    // timeout (see withTimeout), which bounds the connection's handshake; commands get the command timeout.
    private final List<RedisURI> uris;
    private final RedisStoreSettings settings;
    private final AbstractRedisClient client;
    private final @Nullable ClientResources ownResources;
    private final boolean ownsClient;
    private final RedisKeyLayout keys;

    private final Object connectLock = new Object();
    private volatile @Nullable Connection connection;
    private volatile boolean closed;

    private RedisConnection(Topology topology, List<RedisURI> uris, RedisStoreSettings settings,
            AbstractRedisClient client, @Nullable ClientResources ownResources, boolean ownsClient) {
        this.topology = topology;
        this.uris = uris;
        this.settings = settings;
        this.client = client;
        this.ownResources = ownResources;
        this.ownsClient = ownsClient;
        this.keys = new RedisKeyLayout(settings.keyPrefix());
    }

    /**
     * A connection with a client of its own, shut down by {@link #close()}: standalone, or Sentinel when the URI names
     * a Sentinel master ({@code redis-sentinel://}). For a Cluster use {@link #cluster cluster}.
     */
    public static RedisConnection of(RedisURI uri, RedisStoreSettings settings) {
        return new RedisConnection(topologyOf(Objects.requireNonNull(uri, "uri")),
                List.of(withTimeout(uri, Objects.requireNonNull(settings, "settings").connectTimeout())), settings,
                createClient(settings), null, true);
    }

    /**
     * A connection on a client the caller owns and shuts down, standalone or Sentinel as the URI says. The client's
     * own options decide how connecting and reconnecting behave, so give it a short connect timeout; the command
     * timeout of the settings applies.
     */
    public static RedisConnection of(RedisClient client, RedisURI uri, RedisStoreSettings settings) {
        return new RedisConnection(topologyOf(Objects.requireNonNull(uri, "uri")),
                List.of(withTimeout(uri, Objects.requireNonNull(settings, "settings").connectTimeout())), settings,
                Objects.requireNonNull(client, "client"), null, false);
    }

    /**
     * A connection to one Redis server, such as {@code redis://host:6379/0}, or {@code rediss://user:secret@host:6380}
     * for TLS and AUTH.
     *
     * @throws IllegalArgumentException when the URI names a Sentinel master
     */
    public static RedisConnection standalone(RedisURI uri, RedisStoreSettings settings) {
        if (topologyOf(Objects.requireNonNull(uri, "uri")) != Topology.STANDALONE) {
            throw new IllegalArgumentException("A standalone store takes a redis:// or rediss:// URI, got one naming "
                    + "the Sentinel master '" + uri.getSentinelMasterId() + "': use sentinel(...)");
        }
        return of(uri, settings);
    }

    /**
     * A connection to the master that Redis Sentinel names, such as
     * {@code redis-sentinel://:secret@sentinel-1:26379,sentinel-2:26379/0#mymaster}: the credentials are the master's;
     * sentinels that require a password of their own are given as {@link RedisURI.Builder#withSentinel(RedisURI)
     * sentinel URIs}. Every connect asks the sentinels, so after a failover the connection reaches the new master.
     *
     * @throws IllegalArgumentException when the URI names no Sentinel master or no sentinel
     */
    public static RedisConnection sentinel(RedisURI uri, RedisStoreSettings settings) {
        if (topologyOf(Objects.requireNonNull(uri, "uri")) != Topology.SENTINEL || uri.getSentinels().isEmpty()) {
            throw new IllegalArgumentException("A Sentinel store takes a redis-sentinel:// URI with at least one "
                    + "sentinel and the master's name, such as redis-sentinel://host:26379#mymaster");
        }
        return of(uri, settings);
    }

    /**
     * A connection to a Redis Cluster reached through any of {@code nodes} (seed nodes, such as
     * {@code redis://10.0.0.1:6379}; the others are discovered). Credentials and TLS of the first node apply to every
     * node. The connection follows the Cluster's topology: a master failover or a node that is unreachable makes it
     * reread the topology within about a second, and it rereads it every 30 s anyway.
     *
     * @throws IllegalArgumentException when there is no node, or a node is a Sentinel or socket URI
     */
    public static RedisConnection cluster(List<RedisURI> nodes, RedisStoreSettings settings) {
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(settings, "settings");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("A Cluster store needs at least one node");
        }
        for (RedisURI node : nodes) {
            if (topologyOf(Objects.requireNonNull(node, "node")) != Topology.STANDALONE || node.getHost() == null) {
                throw new IllegalArgumentException("Cluster nodes are host and port URIs such as redis://host:6379");
            }
        }
        List<RedisURI> seeds = nodes.stream().map((node) -> withTimeout(node, settings.connectTimeout())).toList();
        ClientResources resources = DefaultClientResources.builder().reconnectDelay(CLUSTER_RECONNECT_DELAY).build();
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(clusterClientOptions(settings));
        return new RedisConnection(Topology.CLUSTER, seeds, settings, client, resources, true);
    }

    /** How this connection reaches Redis. */
    public Topology topology() {
        return topology;
    }

    /** The key prefix, timeouts and what the stores keep besides their records. */
    public RedisStoreSettings settings() {
        return settings;
    }

    /** Where the stores' keys are, below the settings' prefix. */
    RedisKeyLayout keys() {
        return keys;
    }

    /** Connect if need be and PING (any one node of a Cluster), within the command timeout. */
    public void probe() {
        call(RedisClusterCommands::ping);
    }

    /**
     * Run {@code command} on the connection, connecting first if need be, within the command timeout.
     *
     * @throws RedisException when Redis is unavailable or too slow
     */
    <T> T call(Function<RedisClusterCommands<String, String>, T> command) {
        Connection current = connection();
        try {
            return command.apply(current.commands());
        }
        catch (RedisException ex) {
            if (isReadOnlyReplica(ex)) {
                // A master turned replica answers READONLY on a connection that outlived the change (a failover that
                // did not close clients, a DNS name moved to a new primary). Connecting again asks the sentinels or
                // the DNS afresh instead of failing on this connection for good.
                discard(current);
            }
            throw ex;
        }
    }

    private static boolean isReadOnlyReplica(RedisException ex) {
        // Redis 6 reports a write refused inside a script as a script error that quotes the READONLY reply.
        return ex instanceof RedisReadOnlyException
                || (ex instanceof RedisCommandExecutionException && ex.getMessage() != null
                        && ex.getMessage().contains(READ_ONLY_REPLY));
    }

    private void discard(Connection stale) {
        synchronized (connectLock) {
            if (connection == stale) {
                connection = null;
                stale.stateful().closeAsync();
                logger.debug("Redis store dropped its connection to a read-only replica of {}", location());
            }
        }
    }

    private Connection connection() {
        Connection current = connection;
        if (current != null && current.stateful().isOpen()) {
            return current;
        }
        synchronized (connectLock) {
            if (closed) {
                throw new IllegalStateException("The Redis store is closed");
            }
            current = connection;
            if (current != null && current.stateful().isOpen()) {
                return current;
            }
            if (current != null) {
                // A lost standalone or Sentinel connection is replaced here rather than by Lettuce's background
                // reconnect, whose back-off grows to 30 s and would keep a recovered Redis unused for that long; and
                // connecting anew asks the sentinels which server is the master now.
                current.stateful().closeAsync();
                connection = null;
            }
            current = open();
            connection = current;
            logger.debug("Redis store connected to {}", location());
            return current;
        }
    }

    private Connection open() {
        if (client instanceof RedisClusterClient clusterClient) {
            // Lettuce keeps one connection per node behind this one and reconnects them itself (see
            // CLUSTER_RECONNECT_DELAY); the store replaces it only if it is closed.
            StatefulRedisClusterConnection<String, String> opened = clusterClient.connect(StringCodec.UTF8);
            opened.setTimeout(settings.commandTimeout());
            return new Connection(opened, opened.sync());
        }
        StatefulRedisConnection<String, String> opened = ((RedisClient) client).connect(StringCodec.UTF8,
                uris.get(0));
        opened.setTimeout(settings.commandTimeout());
        return new Connection(opened, opened.sync());
    }

    /** Close the connection, and shut the client down when it was created here; later calls fail. */
    @Override
    public void close() {
        synchronized (connectLock) {
            if (closed) {
                return;
            }
            closed = true;
            Connection current = connection;
            connection = null;
            if (current != null) {
                current.stateful().close();
            }
        }
        if (ownsClient) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (ownResources != null) {
            ownResources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private static Topology topologyOf(RedisURI uri) {
        return uri.getSentinelMasterId() != null ? Topology.SENTINEL : Topology.STANDALONE;
    }

    private static RedisClient createClient(RedisStoreSettings settings) {
        RedisClient client = RedisClient.create();
        client.setOptions(clientOptions(settings));
        return client;
    }

    private static ClientOptions clientOptions(RedisStoreSettings settings) {
        return ClientOptions.builder()
                .socketOptions(socketOptions(settings))
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                // While disconnected a call fails at once instead of queueing until it times out.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // The next call reconnects (see connection()), so a recovered Redis is used at once.
                .autoReconnect(false)
                .build();
    }

    private static ClusterClientOptions clusterClientOptions(RedisStoreSettings settings) {
        return ClusterClientOptions.builder()
                .socketOptions(socketOptions(settings))
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                // A call for a slot whose node is unreachable fails at once; calls for the other slots go on.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // Unlike a standalone store, the per-node connections reconnect in the background: their reconnect
                // attempts are what trigger a topology refresh when a node is gone.
                .autoReconnect(true)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(CLUSTER_ADAPTIVE_REFRESH_LIMIT)
                        .enablePeriodicRefresh(CLUSTER_REFRESH_PERIOD)
                        .build())
                .build();
    }

    private static SocketOptions socketOptions(RedisStoreSettings settings) {
        return SocketOptions.builder().connectTimeout(settings.connectTimeout()).build();
    }

    // Lettuce bounds the connection handshake by the URI's timeout (60 s by default), so the store connects with a
    // copy carrying the connect timeout; the caller's URI is left as it was.
    private static RedisURI withTimeout(RedisURI uri, Duration timeout) {
        RedisURI.Builder copy = RedisURI.builder(uri).withTimeout(timeout);
        // The copying builder leaves out the Sentinel part. Each sentinel is copied too: build() sets the timeout
        // of the sentinels it holds, which would otherwise be the caller's.
        if (uri.getSentinelMasterId() != null) {
            copy.withSentinelMasterId(uri.getSentinelMasterId());
            uri.getSentinels().forEach((sentinel) -> copy.withSentinel(RedisURI.builder(sentinel).build()));
        }
        return copy.build();
    }

    // Never a URI itself: it may carry a password.
    String location() {
        RedisURI first = uris.get(0);
        return switch (topology) {
            case SENTINEL -> "sentinel master " + first.getSentinelMasterId() + " via "
                    + first.getSentinels().stream().map(RedisConnection::hostAndPort)
                            .collect(Collectors.joining(","));
            case CLUSTER -> "cluster " + uris.stream().map(RedisConnection::hostAndPort)
                    .collect(Collectors.joining(","));
            case STANDALONE -> first.getSocket() != null ? first.getSocket()
                    : hostAndPort(first) + "/" + first.getDatabase();
        };
    }

    private static String hostAndPort(RedisURI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public String toString() {
        return "RedisConnection[" + location() + "]";
    }

    // The connection and its commands, typed for all topologies alike.
    private record Connection(StatefulConnection<String, String> stateful,
            RedisClusterCommands<String, String> commands) {
    }
}
