package dev.erroralert.redis;

import dev.erroralert.testsupport.EmbeddedRedisServer;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class RedisDedupStoreProbeIntegrationTests {

    @Test
    void probeAnswersWhenRedisDoes() {
        try (RedisDedupStore store = new RedisDedupStore(RedisURI.create(EmbeddedRedisServer.shared().uri()))) {
            assertThatNoException().isThrownBy(store::probe);
        }
    }

    @Test
    void probeThrowsWhenNothingListens() {
        try (RedisDedupStore store = new RedisDedupStore(RedisURI.create("redis://127.0.0.1:1"))) {
            assertThatException().isThrownBy(store::probe);
        }
    }
}
