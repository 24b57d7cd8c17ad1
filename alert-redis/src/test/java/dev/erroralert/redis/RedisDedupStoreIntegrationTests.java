package dev.erroralert.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.DedupStore;
import dev.erroralert.testsupport.DedupStoreContractTests;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.ThreadStoreContractTests;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The store contract and the Redis layout against a real Redis, each store with its own client as separate
 * application instances would have.
 */
class RedisDedupStoreIntegrationTests extends DedupStoreContractTests {

    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));

    private static EmbeddedRedisServer redis;

    // Another client, as an operator or another application would reach the same Redis.
    private static RedisClient adminClient;

    private static StatefulRedisConnection<String, String> adminConnection;

    private static RedisCommands<String, String> admin;

    private final List<RedisDedupStore> stores = new ArrayList<>();

    @BeforeAll
    static void connectAdmin() {
        redis = EmbeddedRedisServer.shared();
        adminClient = RedisClient.create(redis.uri());
        adminConnection = adminClient.connect();
        admin = adminConnection.sync();
    }

    @AfterAll
    static void disconnectAdmin() {
        adminConnection.close();
        adminClient.shutdown();
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
        RedisDedupStore store = new RedisDedupStore(RedisURI.create(redis.uri()), settings);
        stores.add(store);
        return store;
    }

    @Test
    void recordIsAHashUnderThePrefixAndTheFingerprintAsHashTag() {
        Fingerprint fingerprint = randomFingerprint();

        Tally tally = newStore().record(fingerprint, 1, 1_700_000_000_000L, WINDOWS);

        String key = RedisKeys.record("error-alert:", fingerprint);
        assertThat(admin.hgetall(key)).containsExactlyInAnyOrderEntriesOf(
                Map.of("count", "1", "first", "1700000000000"));
        assertThat(tally.firstSeenMillis()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void repeatAddsToTheCountAndKeepsFirst() {
        Fingerprint fingerprint = randomFingerprint();
        DedupStore store = newStore();

        store.record(fingerprint, 1, 1_700_000_000_000L, WINDOWS);
        store.record(fingerprint, 2, 1_700_000_001_000L, WINDOWS);

        assertThat(admin.hgetall(RedisKeys.record("error-alert:", fingerprint))).containsExactlyInAnyOrderEntriesOf(
                Map.of("count", "3", "first", "1700000000000"));
    }

    @Test
    void recordLivesForTheFirstWindowAfterOneOccurrenceAndTheRepeatWindowAfterTwo() {
        Fingerprint fingerprint = randomFingerprint();
        DedupStore store = newStore();
        String key = RedisKeys.record("error-alert:", fingerprint);

        store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);
        assertThat(admin.pttl(key)).isBetween(Duration.ofMinutes(4).toMillis(), Duration.ofMinutes(5).toMillis());

        store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);
        assertThat(admin.pttl(key)).isBetween(Duration.ofMinutes(29).toMillis(), Duration.ofMinutes(30).toMillis());
    }

    @Test
    void customKeyPrefixIsUsed() {
        Fingerprint fingerprint = randomFingerprint();
        DedupStore store = newStore(RedisStoreSettings.ofDefaults().withKeyPrefix("billing:alerts:"));

        store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);

        assertThat(admin.exists(RedisKeys.record("billing:alerts:", fingerprint))).isEqualTo(1);
        assertThat(admin.exists(RedisKeys.record("error-alert:", fingerprint))).isZero();
    }

    @Test
    void storesWithDifferentPrefixesCountSeparately() {
        Fingerprint fingerprint = randomFingerprint();
        DedupStore billing = newStore(RedisStoreSettings.ofDefaults().withKeyPrefix("billing:"));
        DedupStore shipping = newStore(RedisStoreSettings.ofDefaults().withKeyPrefix("shipping:"));

        billing.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);

        assertThat(shipping.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS).isNew()).isTrue();
    }

    @Test
    void decisionStillCountsAfterTheScriptCacheWasFlushed() {
        Fingerprint fingerprint = randomFingerprint();
        DedupStore store = newStore();
        store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);

        admin.scriptFlush();
        assertThat(admin.scriptExists(RedisDedupStore.DECIDE_SCRIPT.sha())).containsExactly(false);
        Tally afterFlush = store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);

        assertThat(afterFlush.previousCount()).isEqualTo(1);
        assertThat(afterFlush.count()).isEqualTo(2);
        assertThat(admin.scriptExists(RedisDedupStore.DECIDE_SCRIPT.sha())).as("cached again by the fallback")
                .containsExactly(true);
    }

    @Test
    void eachDecisionIsOneEvalshaOnceTheScriptIsCached() {
        Fingerprint fingerprint = randomFingerprint();
        DedupStore store = newStore();
        store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);
        long evalshaBefore = callsOf("evalsha");
        long evalBefore = callsOf("eval");

        for (int i = 0; i < 5; i++) {
            store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);
        }

        assertThat(callsOf("evalsha") - evalshaBefore).isEqualTo(5);
        assertThat(callsOf("eval") - evalBefore).isZero();
    }

    @Test
    void scriptDigestIsTheOneRedisComputes() {
        assertThat(admin.scriptLoad(RedisDedupStore.DECIDE_SCRIPT.text())).isEqualTo(RedisDedupStore.DECIDE_SCRIPT.sha());
    }

    @Test
    void storeDoesNotShowThePasswordOfItsUri() {
        RedisURI uri = RedisURI.create("redis://alerts:s3cr3t-pa55@127.0.0.1:" + redis.port());

        try (RedisDedupStore store = new RedisDedupStore(uri)) {
            assertThat(store.toString()).contains("127.0.0.1:" + redis.port()).doesNotContain("s3cr3t-pa55");
        }
    }

    private static final RedisStoreSettings PATIENT = new RedisStoreSettings(RedisStoreSettings.DEFAULT_KEY_PREFIX,
            Duration.ofSeconds(5), Duration.ofSeconds(5));

    @Test
    void storeAuthenticatesWithTheUserAndPasswordOfItsUri() {
        try (EmbeddedRedisServer secured = EmbeddedRedisServer.startNewWith("user alerts on >s3cr3t-pa55 ~* +@all",
                "user default off");
                // Generous timeouts: on a cold, busy machine the handshake must fail on the password, not on time.
                RedisDedupStore store = RedisDedupStore.standalone(
                        RedisURI.create("redis://alerts:s3cr3t-pa55@127.0.0.1:" + secured.port()), PATIENT);
                RedisDedupStore wrongPassword = RedisDedupStore.standalone(
                        RedisURI.create("redis://alerts:guess@127.0.0.1:" + secured.port()), PATIENT)) {
            assertThat(store.record(randomFingerprint(), 1, System.currentTimeMillis(), WINDOWS).isNew()).isTrue();
            assertThat(store.topology()).isEqualTo(RedisConnection.Topology.STANDALONE);

            assertThatExceptionOfType(RedisException.class)
                    .isThrownBy(() -> wrongPassword.record(randomFingerprint(), 1, System.currentTimeMillis(), WINDOWS))
                    .satisfies((ex) -> assertThat(ex).hasStackTraceContaining("WRONGPASS"))
                    .satisfies((ex) -> assertThat(messagesOf(ex)).as("no password in the failure")
                            .doesNotContain("guess"));
        }
    }

    @Test
    void storeLeavesTheCallersUriAsItWas() {
        RedisURI uri = RedisURI.create(redis.uri());
        Duration timeoutBefore = uri.getTimeout();

        try (RedisDedupStore store = new RedisDedupStore(uri)) {
            store.record(randomFingerprint(), 1, System.currentTimeMillis(), WINDOWS);
        }

        assertThat(uri.getTimeout()).isEqualTo(timeoutBefore);
    }

    @Test
    void storeLeavesTheCallersSentinelUrisAsTheyWere() {
        RedisURI uri = RedisURI.create("redis-sentinel://127.0.0.1:26379,127.0.0.1:26380/3"
                + "?sentinelMasterId=alerts&timeout=5s");

        // Creating the store is enough: it prepares its own URI at once and connects only on first use.
        new RedisDedupStore(uri).close();

        assertThat(uri.getSentinels()).hasSize(2)
                .allSatisfy((sentinel) -> assertThat(sentinel.getTimeout()).isEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void storeOnTheCallersClientLeavesTheClientRunning() {
        RedisClient callersClient = RedisClient.create();
        try {
            RedisURI uri = RedisURI.create(redis.uri());
            try (RedisDedupStore store = new RedisDedupStore(callersClient, uri, RedisStoreSettings.ofDefaults())) {
                assertThat(store.record(randomFingerprint(), 1, System.currentTimeMillis(), WINDOWS).count())
                        .isEqualTo(1);
            }

            try (StatefulRedisConnection<String, String> stillUsable = callersClient.connect(uri)) {
                assertThat(stillUsable.sync().ping()).isEqualTo("PONG");
            }
        }
        finally {
            callersClient.shutdown();
        }
    }

    @Test
    void threadIsAFieldOfTheRecordAndLivesAsLongAsIt() {
        Fingerprint fingerprint = randomFingerprint();
        RedisDedupStore store = newStore(RedisStoreSettings.ofDefaults());
        store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);
        String key = RedisKeys.record("error-alert:", fingerprint);
        long lifetimeBefore = admin.pttl(key);

        threadsOf(store).rememberThread(fingerprint, "ops-alerts", "1712345678.123456");

        assertThat(admin.hget(key, "thread:ops-alerts")).isEqualTo("1712345678.123456");
        assertThat(admin.pttl(key)).as("the record's lifetime, untouched").isPositive()
                .isLessThanOrEqualTo(lifetimeBefore);
    }

    @Test
    void threadOfAFingerprintWithoutALiveRecordIsNotKept() {
        Fingerprint fingerprint = randomFingerprint();
        RedisDedupStore store = newStore(RedisStoreSettings.ofDefaults());

        threadsOf(store).rememberThread(fingerprint, "default", "1712345678.123456");

        assertThat(threadsOf(store).threadOf(fingerprint, "default")).isEmpty();
        assertThat(admin.exists(RedisKeys.record("error-alert:", fingerprint)))
                .as("no record without a lifetime was created").isZero();
    }

    @Test
    void threadGoesWhenTheRecordExpires() {
        Fingerprint fingerprint = randomFingerprint();
        RedisDedupStore store = newStore(RedisStoreSettings.ofDefaults());
        store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);
        threadsOf(store).rememberThread(fingerprint, "default", "1712345678.123456");

        admin.del(RedisKeys.record("error-alert:", fingerprint));

        assertThat(threadsOf(store).threadOf(fingerprint, "default")).isEmpty();
        assertThat(store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS).isNew()).isTrue();
    }

    @Test
    void countingGoesOnBesideARememberedThread() {
        Fingerprint fingerprint = randomFingerprint();
        RedisDedupStore store = newStore(RedisStoreSettings.ofDefaults());
        store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);
        threadsOf(store).rememberThread(fingerprint, "default", "1712345678.123456");

        Tally tally = store.record(fingerprint, 2, System.currentTimeMillis(), WINDOWS);

        assertThat(tally.previousCount()).isEqualTo(1);
        assertThat(tally.count()).isEqualTo(3);
        assertThat(threadsOf(store).threadOf(fingerprint, "default")).contains("1712345678.123456");
    }

    @Test
    void threadIsRememberedAfterTheScriptCacheWasFlushed() {
        Fingerprint fingerprint = randomFingerprint();
        RedisDedupStore store = newStore(RedisStoreSettings.ofDefaults());
        store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);

        admin.scriptFlush();
        threadsOf(store).rememberThread(fingerprint, "default", "1712345678.123456");

        assertThat(threadsOf(store).threadOf(fingerprint, "default")).contains("1712345678.123456");
        assertThat(admin.scriptLoad(RedisThreadStore.REMEMBER_THREAD_SCRIPT.text()))
                .isEqualTo(RedisThreadStore.REMEMBER_THREAD_SCRIPT.sha());
    }

    /** Threads kept in the records of a real Redis, each store with its own client. */
    @Nested
    class AsThreadStore extends ThreadStoreContractTests<RedisThreadStore> {

        private final ThreadsOnStores threads = new ThreadsOnStores();

        @Override
        protected RedisThreadStore newStore() {
            return threads.on(RedisDedupStoreIntegrationTests.this.newStore(RedisStoreSettings.ofDefaults()));
        }

        @Override
        protected DedupStore recordsOf(RedisThreadStore store) {
            return threads.storeOf(store);
        }
    }

    private static String messagesOf(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable current = failure; current != null; current = current.getCause()) {
            messages.append(current).append('\n');
        }
        return messages.toString();
    }

    private static long callsOf(String command) {
        return CommandStats.callsByCommand(admin.info("commandstats")).getOrDefault(command, 0L);
    }

    private static RedisThreadStore threadsOf(RedisDedupStore store) {
        return new RedisThreadStore(store.connection());
    }
}
