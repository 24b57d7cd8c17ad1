package dev.erroralert.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.policy.Tally;
import dev.erroralert.redis.RedisDedupStore;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.DedupStore;
import dev.erroralert.store.InMemoryDedupStore;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import io.lettuce.core.RedisURI;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain Redis → PostgreSQL → direct on real servers, each dedicated to the test so it can be stopped.
 */
class DecisionChainIntegrationTests {

    private static final Duration COOL_DOWN = Duration.ofMillis(600);

    /** Counts the questions a store is asked, to prove a skipped store costs nothing (not even its timeout). */
    static final class Counting implements DedupStore {
        final DedupStore store;
        final AtomicInteger calls = new AtomicInteger();

        Counting(DedupStore store) {
            this.store = store;
        }

        @Override
        public String name() {
            return store.name();
        }

        @Override
        public Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
                @Nullable ErrorDetails details) {
            calls.incrementAndGet();
            return store.record(fingerprint, delta, nowMillis, windows);
        }
    }

    private EmbeddedRedisServer redisServer;
    private EmbeddedPostgresServer postgresServer;
    private HikariDataSource dataSource;
    private RedisDedupStore redisStore;
    private JdbcDedupStore jdbcStore;
    private Counting redis;
    private Counting jdbc;
    private DecisionChain chain;
    private final Fingerprint fingerprint = new Fingerprint(UUID.randomUUID().toString().replace("-", ""));

    @BeforeEach
    void startServers() {
        redisServer = EmbeddedRedisServer.startNew();
        postgresServer = EmbeddedPostgresServer.startNew();
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(postgresServer.jdbcUrl());
        pool.setConnectionTimeout(30_000);
        pool.setInitializationFailTimeout(-1);
        dataSource = new HikariDataSource(pool);
        new JdbcSchema(dataSource).create();
        redisStore = new RedisDedupStore(RedisURI.create(redisServer.uri()));
        jdbcStore = new JdbcDedupStore(dataSource);
        redis = new Counting(redisStore);
        jdbc = new Counting(jdbcStore);
        chain = new DecisionChain(List.of(redis, jdbc), SeedAlertPolicy.ofDefaults(), new InMemoryDedupStore(),
                COOL_DOWN);
    }

    @AfterEach
    void stopServers() {
        redisStore.close();
        jdbcStore.close();
        dataSource.close();
        redisServer.close();
        postgresServer.close();
    }

    private Decision decide() {
        return chain.decide(fingerprint, 1, System.currentTimeMillis());
    }

    @Test
    void redisDecidesWhileItIsUp() {
        assertThat(decide().tally().countedBy()).isEqualTo("redis");
        assertThat(jdbc.calls).hasValue(0);
    }

    @Test
    void withRedisStoppedPostgresDecidesAndLaterDecisionsSkipRedisWithoutPayingItsTimeout() {
        decide();
        redisServer.stop();

        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            decisions.add(decide());
        }

        assertThat(decisions).allMatch(d -> d.tally().countedBy().equals("jdbc"));
        assertThat(redis.calls).as("one failed call, then skipped during the cool-down").hasValue(2);
        assertThat(chain.storeStates().get(0).circuit()).isEqualTo("OPEN");
        // PostgreSQL applies the rule on its own: its record started with the fall-through.
        assertThat(decisions.get(0).tally().isNew()).isTrue();
        assertThat(decisions).filteredOn(d -> d instanceof Decision.Send).hasSize(6);
    }

    @Test
    void withRedisAndPostgresStoppedTheDirectLinkDecidesUnderTheSameRule() {
        redisServer.stop();
        postgresServer.close();

        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            decisions.add(decide());
        }

        assertThat(decisions).allMatch(d -> d.tally().countedBy().equals("memory"));
        assertThat(decisions).filteredOn(d -> d instanceof Decision.Send).hasSize(6);
        assertThat(redis.calls).hasValue(1);
        assertThat(jdbc.calls).hasValue(1);
        assertThat(chain.directDecisions()).isEqualTo(10);
    }

    @Test
    void aRestartedRedisIsUsedAgainAfterTheCoolDown() throws InterruptedException {
        redisServer.stop();
        assertThat(decide().tally().countedBy()).isEqualTo("jdbc");
        redisServer.start();

        assertThat(decide().tally().countedBy()).as("inside the cool-down").isEqualTo("jdbc");
        Thread.sleep(COOL_DOWN.toMillis() + 300);

        assertThat(decide().tally().countedBy()).isEqualTo("redis");
        assertThat(chain.storeStates().get(0).circuit()).isEqualTo("CLOSED");
    }
}
