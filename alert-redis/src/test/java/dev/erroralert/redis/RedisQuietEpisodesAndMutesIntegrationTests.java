package dev.erroralert.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.erroralert.testsupport.BurningErrorsContractTests;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.MuteStoreContractTests;
import dev.erroralert.testsupport.QuietEpisodesContractTests;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * The quiet-episode, reminder and mute contracts on a real Redis: each store a key prefix of its own (a backend of its own),
 * and another instance a second client with the same prefix.
 */
class RedisQuietEpisodesAndMutesIntegrationTests {

    private final List<RedisDedupStore> stores = new ArrayList<>();
    private final Map<RedisDedupStore, RedisStoreSettings> settingsOf = new IdentityHashMap<>();

    @AfterEach
    void closeStores() {
        stores.forEach(RedisDedupStore::close);
    }

    RedisDedupStore newStore() {
        RedisStoreSettings settings = new RedisStoreSettings("contract-" + UUID.randomUUID() + ":",
                Duration.ofSeconds(2), Duration.ofSeconds(2), true, true);
        return open(settings);
    }

    RedisDedupStore anotherInstance(RedisDedupStore store) {
        return open(settingsOf.get(store));
    }

    private RedisDedupStore open(RedisStoreSettings settings) {
        RedisDedupStore store = new RedisDedupStore(RedisURI.create(EmbeddedRedisServer.shared().uri()), settings);
        stores.add(store);
        settingsOf.put(store, settings);
        return store;
    }

    @Nested
    class QuietEpisodes extends QuietEpisodesContractTests<RedisDedupStore> {

        @Override
        protected RedisDedupStore newStore() {
            return RedisQuietEpisodesAndMutesIntegrationTests.this.newStore();
        }

        @Override
        protected RedisDedupStore anotherInstance(RedisDedupStore store) {
            return RedisQuietEpisodesAndMutesIntegrationTests.this.anotherInstance(store);
        }

        @Override
        protected RedisThreadStore threadsOf(RedisDedupStore store) {
            return new RedisThreadStore(store.connection());
        }
    }

    @Nested
    class BurningErrors extends BurningErrorsContractTests<RedisDedupStore> {

        @Override
        protected RedisDedupStore newStore() {
            return RedisQuietEpisodesAndMutesIntegrationTests.this.newStore();
        }

        @Override
        protected RedisDedupStore anotherInstance(RedisDedupStore store) {
            return RedisQuietEpisodesAndMutesIntegrationTests.this.anotherInstance(store);
        }
    }

    @Nested
    class Mutes extends MuteStoreContractTests<RedisMuteStore> {

        // The store whose connection the mutes use, so another instance gets the same key prefix.
        private final Map<RedisMuteStore, RedisDedupStore> storeOf = new IdentityHashMap<>();

        @Override
        protected RedisMuteStore newStore() {
            return mutesOf(RedisQuietEpisodesAndMutesIntegrationTests.this.newStore());
        }

        @Override
        protected RedisMuteStore anotherInstance(RedisMuteStore store) {
            return mutesOf(RedisQuietEpisodesAndMutesIntegrationTests.this.anotherInstance(storeOf.get(store)));
        }

        private RedisMuteStore mutesOf(RedisDedupStore store) {
            RedisMuteStore mutes = new RedisMuteStore(store.connection());
            storeOf.put(mutes, store);
            return mutes;
        }
    }
}
