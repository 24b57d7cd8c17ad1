package dev.erroralert.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis Cluster on 127.0.0.1: three masters, each with one replica, every node an embedded-redis 6.2 server on
 * a free port (its Cluster bus port, 10000 above, free too). It is formed the way an operator would: CLUSTER MEET,
 * the 16384 slots split in three with CLUSTER ADDSLOTS, CLUSTER REPLICATE; it is ready once every node reports
 * {@code cluster_state:ok} and every replica is in sync.
 * <p>
 * A node unreachable for a second is failed over by its replica, as in production but faster. Tests that only use
 * the Cluster take the {@link #shared() shared} one; a test that stops nodes takes a {@link #startNew() dedicated} one
 * and closes it, which stops every node and deletes the nodes' configuration files.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(EmbeddedRedisCluster.class);

    private static final int MASTERS = 3;

    // Short, so a failover takes a couple of seconds; a test machine does not stall Redis for this long.
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);

    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    private static @Nullable EmbeddedRedisCluster shared;

    private final Path directory;
    private final @Nullable String password;
    private final List<EmbeddedRedisServer> nodes = new ArrayList<>();
    private final RedisClient admin;

    private EmbeddedRedisCluster(Path directory, @Nullable String password) {
        this.directory = directory;
        this.password = password;
        this.admin = RedisClient.create();
        admin.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                .build());
    }

    /** The Cluster shared by every test of this JVM, formed on first use; tests must not stop its nodes. */
    public static synchronized EmbeddedRedisCluster shared() {
        if (shared == null) {
            EmbeddedRedisCluster cluster = startNew();
            // Its nodes would be stopped at exit anyway (embedded-redis sees to that); this also removes their files.
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "embedded-redis-cluster-cleaner"));
            shared = cluster;
        }
        return shared;
    }

    /** A dedicated Cluster for one test, formed and ready; close it when done. */
    public static EmbeddedRedisCluster startNew() {
        return startNew(null);
    }

    /** A dedicated Cluster whose every node requires {@code password} (of the default user); close it when done. */
    public static EmbeddedRedisCluster startNewWithPassword(String password) {
        return startNew(password);
    }

    private static EmbeddedRedisCluster startNew(@Nullable String password) {
        EmbeddedRedisCluster cluster;
        try {
            cluster = new EmbeddedRedisCluster(Files.createTempDirectory("embedded-redis-cluster"), password);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("No directory for the Cluster's node files", ex);
        }
        try {
            cluster.form();
            return cluster;
        }
        catch (RuntimeException ex) {
            cluster.close();
            throw ex;
        }
    }

    private void form() {
        for (int i = 0; i < 2 * MASTERS; i++) {
            nodes.add(EmbeddedRedisServer.startNew(true, this::nodeSettings));
        }
        List<EmbeddedRedisServer> masters = nodes.subList(0, MASTERS);
        List<EmbeddedRedisServer> replicas = nodes.subList(MASTERS, 2 * MASTERS);
        on(nodes.get(0), (commands) -> {
            nodes.stream().skip(1).forEach((node) -> commands.clusterMeet(EmbeddedRedisServer.HOST, node.port()));
            return null;
        });
        int slotsPerMaster = SlotHash.SLOT_COUNT / MASTERS;
        for (int i = 0; i < MASTERS; i++) {
            int from = i * slotsPerMaster;
            int to = (i == MASTERS - 1) ? SlotHash.SLOT_COUNT : from + slotsPerMaster;
            // CLUSTER ADDSLOTSRANGE is Redis 7; 6.2 takes every slot by number.
            int[] slots = IntStream.range(from, to).toArray();
            on(masters.get(i), (commands) -> commands.clusterAddSlots(slots));
        }
        Polling.until("every node to know all " + nodes.size() + " nodes", READY_WITHIN,
                () -> nodes.stream().allMatch((node) -> knownNodes(node) == nodes.size()));
        for (int i = 0; i < MASTERS; i++) {
            String masterId = on(masters.get(i), RedisCommands::clusterMyId);
            on(replicas.get(i), (commands) -> commands.clusterReplicate(masterId));
        }
        awaitHealthy();
        logger.debug("Embedded Redis Cluster formed: masters {}, replicas {}", masters, replicas);
    }

    private List<String> nodeSettings(int port) {
        List<String> settings = new ArrayList<>(List.of(
                "cluster-enabled yes",
                "cluster-config-file " + directory.resolve("nodes-" + port + ".conf"),
                "cluster-node-timeout " + NODE_TIMEOUT.toMillis(),
                // A replica may always take over, however long it was cut off: the tests want a failover.
                "cluster-replica-validity-factor 0"));
        if (password != null) {
            // A replica authenticates to its master with the same password, as every node shares it.
            settings.add("requirepass " + password);
            settings.add("masterauth " + password);
        }
        return settings;
    }

    /**
     * Wait until every running node reports {@code cluster_state:ok}, sees every slot served by a running master, and
     * every running replica is in sync with its master.
     */
    public void awaitHealthy() {
        Polling.until("the Cluster to be healthy", READY_WITHIN, () -> running().allMatch(this::isHealthy));
    }

    private boolean isHealthy(EmbeddedRedisServer node) {
        return on(node, (commands) -> {
            if (!commands.clusterInfo().contains("cluster_state:ok")) {
                return false;
            }
            Partitions partitions = ClusterPartitionParser.parse(commands.clusterNodes());
            for (int slot = 0; slot < SlotHash.SLOT_COUNT; slot++) {
                RedisClusterNode master = partitions.getMasterBySlot(slot);
                if (master == null || !isRunning(master.getUri().getPort())) {
                    return false;
                }
            }
            String replication = commands.info("replication");
            return !replication.contains("role:slave") || replication.contains("master_link_status:up");
        });
    }

    /** The seed nodes to hand to a client: every node, such as {@code redis://127.0.0.1:51234}. */
    public List<String> nodeUris() {
        return nodes.stream().map(EmbeddedRedisServer::uri).toList();
    }

    /** Every node, running or stopped, in the order they were started. */
    public List<EmbeddedRedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** The masters that serve slots now, as the running nodes see it, by port. */
    public List<EmbeddedRedisServer> masters() {
        Partitions partitions = partitions();
        return nodes.stream()
                .filter((node) -> partitions.stream().anyMatch((seen) -> seen.getUri().getPort() == node.port()
                        && seen.is(RedisClusterNode.NodeFlag.UPSTREAM) && !seen.getSlots().isEmpty()))
                .sorted(Comparator.comparingInt(EmbeddedRedisServer::port))
                .toList();
    }

    /** The master that serves {@code key}'s hash slot now, as the running nodes see it. */
    public EmbeddedRedisServer masterOf(String key) {
        RedisClusterNode master = partitions().getMasterBySlot(SlotHash.getSlot(key));
        if (master == null) {
            throw new IllegalStateException("No master serves the slot of " + key);
        }
        return node(master.getUri().getPort());
    }

    /** A replica of {@code master}, as the running nodes see it. */
    public EmbeddedRedisServer replicaOf(EmbeddedRedisServer master) {
        Partitions partitions = partitions();
        String masterId = partitions.stream().filter((node) -> node.getUri().getPort() == master.port())
                .map(RedisClusterNode::getNodeId).findFirst()
                .orElseThrow(() -> new IllegalStateException(master + " is not in the Cluster"));
        return partitions.stream().filter((node) -> masterId.equals(node.getSlaveOf()))
                .map((node) -> node(node.getUri().getPort())).findFirst()
                .orElseThrow(() -> new IllegalStateException(master + " has no replica"));
    }

    /**
     * Wait until {@code replica} holds everything its master had written when this was called, as replication is
     * asynchronous: what a client was told was written may not be on the replica yet.
     */
    public void awaitReplicated(EmbeddedRedisServer replica) {
        EmbeddedRedisServer master = masterOf(replica);
        long written = replicationOffset(master, "master_repl_offset");
        Polling.until(replica + " to catch up with " + master, READY_WITHIN,
                () -> replicationOffset(replica, "slave_repl_offset") >= written);
    }

    private EmbeddedRedisServer masterOf(EmbeddedRedisServer replica) {
        Partitions partitions = partitions();
        RedisClusterNode seen = partitions.stream().filter((node) -> node.getUri().getPort() == replica.port())
                .findFirst().orElseThrow(() -> new IllegalStateException(replica + " is not in the Cluster"));
        return node(partitions.getPartitionByNodeId(seen.getSlaveOf()).getUri().getPort());
    }

    private long replicationOffset(EmbeddedRedisServer node, String field) {
        String replication = on(node, (commands) -> commands.info("replication"));
        return replication.lines().filter((line) -> line.startsWith(field + ":"))
                .mapToLong((line) -> Long.parseLong(line.substring(field.length() + 1).strip())).findFirst()
                .orElseThrow(() -> new IllegalStateException(node + " reports no " + field));
    }

    /** Run {@code command} on one node, on a connection of its own (no redirection: this node answers). */
    public <T> T on(EmbeddedRedisServer node, Function<RedisCommands<String, String>, T> command) {
        RedisURI.Builder uri = RedisURI.Builder.redis(EmbeddedRedisServer.HOST, node.port());
        if (password != null) {
            uri.withPassword(password.toCharArray());
        }
        try (StatefulRedisConnection<String, String> connection = admin.connect(uri.build())) {
            return command.apply(connection.sync());
        }
    }

    private Partitions partitions() {
        EmbeddedRedisServer anyRunning = running().findFirst()
                .orElseThrow(() -> new IllegalStateException("No node of the Cluster is running"));
        return clusterNodesSeenBy(anyRunning);
    }

    private int knownNodes(EmbeddedRedisServer node) {
        // A node still in handshake is listed but not yet known by its real id.
        return (int) clusterNodesSeenBy(node).stream()
                .filter((seen) -> !seen.is(RedisClusterNode.NodeFlag.HANDSHAKE)).count();
    }

    private Partitions clusterNodesSeenBy(EmbeddedRedisServer node) {
        String clusterNodes = on(node, RedisCommands::clusterNodes);
        return ClusterPartitionParser.parse(clusterNodes);
    }

    private Stream<EmbeddedRedisServer> running() {
        return nodes.stream().filter(EmbeddedRedisServer::isRunning);
    }

    private boolean isRunning(int port) {
        return running().anyMatch((node) -> node.port() == port);
    }

    private EmbeddedRedisServer node(int port) {
        return nodes.stream().filter((node) -> node.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("No node of this Cluster listens on " + port));
    }

    /** Stop every node and delete their configuration files; meant for {@link #startNew() dedicated} Clusters. */
    @Override
    public void close() {
        nodes.forEach(EmbeddedRedisServer::stop);
        admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
        }
        catch (IOException ex) {
            logger.debug("Could not delete {}", directory, ex);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedRedisCluster" + nodes.stream().map(EmbeddedRedisServer::port).toList();
    }
}
