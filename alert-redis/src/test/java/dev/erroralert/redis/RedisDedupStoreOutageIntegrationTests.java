package dev.erroralert.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * How the store behaves when Redis is missing, stops answering or restarts: it throws quickly (so the chain can
 * ask the next store) and recovers by itself. Each test disturbs a Redis of its own.
 */
// A guard against hanging, not a speed assertion: the timeouts under test are a fraction of a second.
@Timeout(30)
class RedisDedupStoreOutageIntegrationTests {

    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));

    @Test
    void storeAimedWhereNothingListensIsCreatedButRecordThrows() throws IOException {
        RedisURI nowhere = RedisURI.create("redis://127.0.0.1:" + portWhereNothingListens());

        try (RedisDedupStore store = new RedisDedupStore(nowhere)) {
            assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(() -> record(store));
            assertThatExceptionOfType(RedisConnectionException.class).as("tried again, failed again")
                    .isThrownBy(() -> record(store));
        }
    }

    @Test
    void storeCreatedWhileRedisWasDownConnectsOnALaterCall() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.startNew()) {
            redis.stop();
            try (RedisDedupStore store = new RedisDedupStore(RedisURI.create(redis.uri()))) {
                assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(() -> record(store));

                redis.start();

                assertThat(record(store).count()).isEqualTo(1);
            }
        }
    }

    @Test
    void sameStoreWorksAgainAfterRedisRestarted() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.startNew();
                RedisDedupStore store = new RedisDedupStore(RedisURI.create(redis.uri()))) {
            Fingerprint fingerprint = randomFingerprint();
            assertThat(record(store, fingerprint).count()).isEqualTo(1);

            redis.stop();
            assertThatExceptionOfType(RedisException.class).isThrownBy(() -> record(store, fingerprint));

            redis.start();
            Tally afterRestart = record(store, fingerprint);

            assertThat(afterRestart.isNew()).as("the restarted Redis kept nothing").isTrue();
            assertThat(record(store, fingerprint).previousCount()).isEqualTo(1);
        }
    }

    @Test
    void recordTimesOutWhenRedisStopsAnsweringAndRecoversWhenItAnswersAgain() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.startNew();
                RedisDedupStore store = new RedisDedupStore(RedisURI.create(redis.uri()))) {
            Fingerprint fingerprint = randomFingerprint();
            record(store, fingerprint);

            pauseAllClients(redis, Duration.ofSeconds(2));

            assertThatExceptionOfType(RedisCommandTimeoutException.class)
                    .isThrownBy(() -> record(store, fingerprint));
            // The timed-out call may still be counted once Redis resumes, so only growth is certain.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(record(store, fingerprint).previousCount()).isPositive());
        }
    }

    @Test
    void storeConnectsAgainWhenItsServerWasTurnedIntoAReplica() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.startNew();
                EmbeddedRedisServer newPrimary = EmbeddedRedisServer.startNew();
                RedisDedupStore store = new RedisDedupStore(RedisURI.create(redis.uri()))) {
            RedisClient operator = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> connection = operator.connect()) {
                record(store);
                long connectionsBefore = connectionsReceived(connection);

                // As a failover that leaves clients connected does, or a DNS name moved to another primary.
                connection.sync().replicaof("127.0.0.1", newPrimary.port());
                assertThatExceptionOfType(RedisException.class).isThrownBy(() -> record(store))
                        .withMessageContaining("READONLY");
                connection.sync().replicaofNoOne();

                assertThat(record(store).count()).isEqualTo(1);
                assertThat(connectionsReceived(connection) - connectionsBefore)
                        .as("the store dropped the connection that met READONLY and opened a new one").isEqualTo(1);
            }
            finally {
                operator.shutdown();
            }
        }
    }

    @Test
    void clusterStoreWhoseSeedAcceptsButNeverAnswersThrowsInsteadOfWaitingLettucesMinute() throws IOException {
        // The system completes connections to a listening socket's backlog, so nothing ever answers them.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                RedisDedupStore store = RedisDedupStore.cluster(
                        List.of(RedisURI.create("redis://127.0.0.1:" + silent.getLocalPort())),
                        RedisStoreSettings.ofDefaults())) {
            // Bounded by the class's guard against hanging: with Lettuce's 60 s default this would not return.
            assertThatExceptionOfType(RedisException.class).isThrownBy(() -> record(store));
        }
    }

    @Test
    void closedStoreRefusesToRecord() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.startNew()) {
            RedisDedupStore store = new RedisDedupStore(RedisURI.create(redis.uri()));
            record(store);

            store.close();

            assertThatIllegalStateException().isThrownBy(() -> record(store)).withMessageContaining("closed");
        }
    }

    private static void pauseAllClients(EmbeddedRedisServer redis, Duration pause) {
        RedisClient operator = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = operator.connect()) {
            // Without a mode Redis 6.2 pauses every command of every client, as an overloaded server would stall.
            connection.sync().clientPause(pause.toMillis());
        }
        finally {
            operator.shutdown();
        }
    }

    private static long connectionsReceived(StatefulRedisConnection<String, String> connection) {
        return connection.sync().info("stats").lines().filter((line) -> line.startsWith("total_connections_received:"))
                .mapToLong((line) -> Long.parseLong(line.substring(line.indexOf(':') + 1).strip())).findFirst()
                .orElseThrow();
    }

    private static Tally record(RedisDedupStore store) {
        return record(store, randomFingerprint());
    }

    private static Tally record(RedisDedupStore store, Fingerprint fingerprint) {
        return store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);
    }

    private static Fingerprint randomFingerprint() {
        return new Fingerprint(UUID.randomUUID().toString().replace("-", ""));
    }

    private static int portWhereNothingListens() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
