package dev.erroralert.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.PendingBatch;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.store.DedupStore;
import dev.erroralert.testsupport.BurningErrorsContractTests;
import dev.erroralert.testsupport.DedupStoreContractTests;
import dev.erroralert.testsupport.EmbeddedRedisCluster;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.PendingCountsContractTests;
import dev.erroralert.testsupport.ThreadStoreContractTests;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The store contract on a real Redis Cluster of three masters (each with a replica), each store with its own Cluster
 * client as separate application instances would have; and what only a Cluster shows: records spread over the
 * masters, scripts loaded node by node.
 */
class RedisDedupStoreClusterIntegrationTests extends DedupStoreContractTests {

    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));

    private static EmbeddedRedisCluster cluster;

    private final List<RedisDedupStore> stores = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedRedisCluster.shared();
    }

    @AfterEach
    void closeStores() {
        stores.forEach(RedisDedupStore::close);
    }

    @Override
    protected DedupStore newStore() {
        return newStore(RedisStoreSettings.ofDefaults());
    }

    private RedisDedupStore newStore(RedisStoreSettings settings) {
        // Only one seed node, as an application may list: the others are discovered.
        List<RedisURI> seed = List.of(RedisURI.create(cluster.nodeUris().get(0)));
        RedisDedupStore store = RedisDedupStore.cluster(seed, settings);
        stores.add(store);
        return store;
    }

    @Test
    void storeIsAClusterStore() {
        RedisDedupStore store = newStore(RedisStoreSettings.ofDefaults());

        assertThat(store.topology()).isEqualTo(RedisConnection.Topology.CLUSTER);
        assertThat(store.toString()).contains("cluster 127.0.0.1:" + cluster.nodes().get(0).port());
    }

    @Test
    void recordsOfManyFingerprintsLandOnEveryMasterEachInItsSlot() {
        // A prefix of this run only: the fingerprint's first digit chooses the slot, the prefix keeps the count exact.
        String prefix = "spread-" + UUID.randomUUID() + ":";
        RedisDedupStore store = newStore(RedisStoreSettings.ofDefaults().withKeyPrefix(prefix));
        // Every first hex digit, so every bucket (the hash tag) is used.
        List<Fingerprint> fingerprints = IntStream.range(0, 64)
                .mapToObj((i) -> new Fingerprint("%x%031x".formatted(i % 16, i))).toList();

        fingerprints.forEach((fingerprint) -> store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS));

        Map<EmbeddedRedisServer, List<String>> keysByMaster = cluster.masters().stream()
                .collect(Collectors.toMap(Function.identity(), (master) -> cluster.on(master,
                        (commands) -> commands.keys(prefix + "*"))));
        assertThat(keysByMaster).hasSize(3).allSatisfy((master, keys) -> assertThat(keys).as("keys on %s", master)
                .isNotEmpty()
                .allSatisfy((key) -> assertThat(cluster.masterOf(key)).as("the master of %s's slot", key)
                        .isEqualTo(master)));
        assertThat(keysByMaster.values().stream().mapToInt(List::size).sum()).isEqualTo(fingerprints.size());
    }

    @Test
    void theWriteBackVisitsEveryShardAndMovesEveryCount() {
        String prefix = "write-back-" + UUID.randomUUID() + ":";
        RedisDedupStore store = newStore(RedisStoreSettings.ofDefaults().withKeyPrefix(prefix).withWriteBack(true));
        List<Fingerprint> fingerprints = IntStream.range(0, 64)
                .mapToObj((i) -> new Fingerprint("%x%031x".formatted(i % 16, i))).toList();
        fingerprints.forEach((fingerprint) -> store.record(fingerprint, 3, System.currentTimeMillis(), WINDOWS));
        Map<EmbeddedRedisServer, List<String>> pendingByMaster = cluster.masters().stream()
                .collect(Collectors.toMap(Function.identity(), (master) -> cluster.on(master,
                        (commands) -> commands.keys(prefix + "*pending"))));
        assertThat(pendingByMaster).hasSize(3).allSatisfy((master, keys) -> assertThat(keys).isNotEmpty());

        List<PendingBatch> batches = store.claim(System.currentTimeMillis(), Duration.ofSeconds(30));
        batches.forEach(store::acknowledge);

        assertThat(batches.stream().flatMap((batch) -> batch.deltas().stream()))
                .hasSize(fingerprints.size())
                .allSatisfy((delta) -> assertThat(delta.occurrences()).isEqualTo(3));
        for (EmbeddedRedisServer master : cluster.masters()) {
            List<String> left = cluster.on(master, (commands) -> commands.keys(prefix + "*batch*"));
            assertThat(left).as("batches left on %s", master).isEmpty();
        }
    }

    @Test
    void everyMasterLoadsTheScriptsOnFirstUseAfterItsCacheWasFlushed() {
        RedisDedupStore store = newStore(RedisStoreSettings.ofDefaults());
        List<EmbeddedRedisServer> masters = cluster.masters();
        masters.forEach((master) -> cluster.on(master, RedisCommands::scriptFlush));

        // Enough fingerprints that each master serves some: each first EVALSHA there meets NOSCRIPT.
        List<Fingerprint> fingerprints = IntStream.range(0, 30).mapToObj((i) -> randomFingerprint()).toList();
        for (Fingerprint fingerprint : fingerprints) {
            assertThat(store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS).isNew()).isTrue();
            threadsOf(store).rememberThread(fingerprint, "default", "1712345678.123456");
        }

        assertThat(masters).allSatisfy((master) -> {
            List<Boolean> cached = cluster.on(master, (commands) -> commands.scriptExists(RedisDedupStore.DECIDE_SCRIPT.sha(),
                    RedisThreadStore.REMEMBER_THREAD_SCRIPT.sha()));
            assertThat(cached).as("scripts cached on %s", master).containsExactly(true, true);
        });
        assertThat(fingerprints).allSatisfy((fingerprint) -> {
            assertThat(store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS).previousCount())
                    .isEqualTo(1);
            assertThat(threadsOf(store).threadOf(fingerprint, "default")).contains("1712345678.123456");
        });
    }

    @Test
    void storeReachesTheClusterThroughAnyOneSeedNodeThatAnswers() {
        List<RedisURI> seeds = List.of(RedisURI.create("redis://127.0.0.1:1"),
                RedisURI.create(cluster.nodeUris().get(2)));
        try (RedisDedupStore store = RedisDedupStore.cluster(seeds, RedisStoreSettings.ofDefaults())) {
            assertThat(store.record(randomFingerprint(), 1, System.currentTimeMillis(), WINDOWS).isNew()).isTrue();
        }
    }

    @Test
    void clusterStoreNeedsHostAndPortNodes() {
        RedisStoreSettings settings = RedisStoreSettings.ofDefaults();

        assertThatIllegalArgumentException().isThrownBy(() -> RedisDedupStore.cluster(List.of(), settings))
                .withMessageContaining("at least one node");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisDedupStore.cluster(
                        List.of(RedisURI.create("redis-sentinel://127.0.0.1:26379#mymaster")), settings))
                .withMessageContaining("host and port");
    }

    /**
     * Reminders claimed on a real Cluster: each bucket's script reads records by name, in the bucket's slot. Each test
     * a key prefix of its own; another instance a second client with it.
     */
    @Nested
    class AsBurningErrors extends BurningErrorsContractTests<RedisDedupStore> {

        @Override
        protected RedisDedupStore newStore() {
            return RedisDedupStoreClusterIntegrationTests.this.newStore(RedisStoreSettings.ofDefaults()
                    .withKeyPrefix("reminders-" + UUID.randomUUID() + ":").withQuietEpisodes(true));
        }

        @Override
        protected RedisDedupStore anotherInstance(RedisDedupStore store) {
            return RedisDedupStoreClusterIntegrationTests.this.newStore(store.settings());
        }
    }

    /** Threads kept in the records of a real Cluster, each store with its own client. */
    @Nested
    class AsThreadStore extends ThreadStoreContractTests<RedisThreadStore> {

        private final ThreadsOnStores threads = new ThreadsOnStores();

        @Override
        protected RedisThreadStore newStore() {
            return threads.on(RedisDedupStoreClusterIntegrationTests.this.newStore(RedisStoreSettings.ofDefaults()));
        }

        @Override
        protected DedupStore recordsOf(RedisThreadStore store) {
            return threads.storeOf(store);
        }
    }

    private static RedisThreadStore threadsOf(RedisDedupStore store) {
        return new RedisThreadStore(store.connection());
    }

    /** Pending counts on a real Cluster, spread over the buckets' slots. Each test a key prefix of its own. */
    @Nested
    class AsPendingCounts extends PendingCountsContractTests<RedisDedupStore> {

        @Override
        protected RedisDedupStore newStore() {
            return RedisDedupStoreClusterIntegrationTests.this.newStore(RedisStoreSettings.ofDefaults()
                    .withKeyPrefix("pending-" + UUID.randomUUID() + ":").withWriteBack(true));
        }
    }
}
