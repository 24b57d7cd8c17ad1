package dev.erroralert.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.store.DedupStore;
import dev.erroralert.testsupport.DedupStoreContractTests;
import dev.erroralert.testsupport.EmbeddedRedisSentinel;
import dev.erroralert.testsupport.ThreadStoreContractTests;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The store contract on a real Sentinel setup (a master, a replica, three sentinels), each store with its own client
 * as separate application instances would have: the store asks the sentinels for the master and decides there.
 */
class RedisDedupStoreSentinelIntegrationTests extends DedupStoreContractTests {

    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));

    private static EmbeddedRedisSentinel sentinel;

    private final List<RedisDedupStore> stores = new ArrayList<>();

    @BeforeAll
    static void startSentinel() {
        sentinel = EmbeddedRedisSentinel.startNew();
    }

    @AfterAll
    static void stopSentinel() {
        sentinel.close();
    }

    @AfterEach
    void closeStores() {
        stores.forEach(RedisDedupStore::close);
    }

    @Override
    protected DedupStore newStore() {
        return newSentinelStore();
    }

    private RedisDedupStore newSentinelStore() {
        RedisDedupStore store = RedisDedupStore.sentinel(RedisURI.create(sentinel.uri()),
                RedisStoreSettings.ofDefaults());
        stores.add(store);
        return store;
    }

    @Test
    void recordsAreWrittenOnTheMasterTheSentinelsName() {
        RedisDedupStore store = newSentinelStore();
        Fingerprint fingerprint = randomFingerprint();

        store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);

        String countOnTheMaster = sentinel.on(sentinel.master(),
                (commands) -> commands.hget(RedisKeys.record("error-alert:", fingerprint), "count"));
        assertThat(countOnTheMaster).isEqualTo("1");
        assertThat(store.topology()).isEqualTo(RedisConnection.Topology.SENTINEL);
    }

    @Test
    void storeAsksTheNextSentinelWhenTheFirstDoesNotAnswer() {
        String firstDoesNotAnswer = sentinel.uri().replace("redis-sentinel://", "redis-sentinel://127.0.0.1:1,");
        try (RedisDedupStore store = RedisDedupStore.sentinel(RedisURI.create(firstDoesNotAnswer),
                RedisStoreSettings.ofDefaults())) {
            assertThat(store.record(randomFingerprint(), 1, System.currentTimeMillis(), WINDOWS).isNew()).isTrue();
        }
    }

    @Test
    void storeShowsTheMasterNameAndSentinelsButNoPassword() {
        RedisURI uri = RedisURI.create("redis-sentinel://:s3cr3t-pa55@127.0.0.1:26379,127.0.0.1:26380#orders");

        try (RedisDedupStore store = RedisDedupStore.sentinel(uri, RedisStoreSettings.ofDefaults())) {
            assertThat(store.toString()).contains("sentinel master orders via 127.0.0.1:26379,127.0.0.1:26380")
                    .doesNotContain("s3cr3t-pa55");
        }
    }

    @Test
    void sentinelAndStandaloneFactoriesTakeOnlyTheirKindOfUri() {
        RedisStoreSettings settings = RedisStoreSettings.ofDefaults();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisDedupStore.sentinel(RedisURI.create("redis://127.0.0.1:6379"), settings))
                .withMessageContaining("redis-sentinel://");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisDedupStore.standalone(RedisURI.create(sentinel.uri()), settings))
                .withMessageContaining("sentinel(...)");
    }

    /** Threads kept in the records on the master the sentinels name, each store with its own client. */
    @Nested
    class AsThreadStore extends ThreadStoreContractTests<RedisThreadStore> {

        private final ThreadsOnStores threads = new ThreadsOnStores();

        @Override
        protected RedisThreadStore newStore() {
            return threads.on(newSentinelStore());
        }

        @Override
        protected DedupStore recordsOf(RedisThreadStore store) {
            return threads.storeOf(store);
        }
    }
}
