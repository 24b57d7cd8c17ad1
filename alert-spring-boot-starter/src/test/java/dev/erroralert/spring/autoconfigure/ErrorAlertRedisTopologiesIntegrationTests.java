package dev.erroralert.spring.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.redis.RedisDedupStore;
import dev.erroralert.testsupport.EmbeddedRedisCluster;
import dev.erroralert.testsupport.EmbeddedRedisSentinel;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's own Spring Data Redis settings, followed to a real Cluster (with a password), a real Sentinel
 * setup and a real server with an ACL user: the store decides there.
 */
class ErrorAlertRedisTopologiesIntegrationTests {

    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ErrorAlertRedisAutoConfiguration.class));

    @Test
    void runWithTheApplicationsClusterNodesAndPasswordShouldDecideInThatCluster() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.startNewWithPassword("cluster-s3cret")) {
            // One seed node: the others are discovered and reached with the same password.
            this.contextRunner.withPropertyValues(
                    "spring.data.redis.cluster.nodes=127.0.0.1:" + cluster.nodes().get(0).port(),
                    "spring.data.redis.password=cluster-s3cret").run(context -> {
                        RedisDedupStore store = context.getBean(RedisDedupStore.class);
                        Fingerprint fingerprint = randomFingerprint();

                        assertThat(store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS).isNew()).isTrue();

                        String key = "error-alert:{" + fingerprint.value().charAt(0) + "}" + fingerprint.value();
                        Long onItsMaster = cluster.on(cluster.masterOf(key), (commands) -> commands.exists(key));
                        assertThat(onItsMaster).isEqualTo(1);
                    });
        }
    }

    @Test
    void runWithTheApplicationsSentinelSettingsShouldDecideOnTheMasterTheSentinelsName() {
        try (EmbeddedRedisSentinel sentinel = EmbeddedRedisSentinel.startNew()) {
            String sentinels = String.join(",", sentinel.sentinelPorts().stream().map((port) -> "127.0.0.1:" + port)
                    .toList());
            this.contextRunner.withPropertyValues(
                    "spring.data.redis.sentinel.master=" + EmbeddedRedisSentinel.MASTER_NAME,
                    "spring.data.redis.sentinel.nodes=" + sentinels).run(context -> {
                        RedisDedupStore store = context.getBean(RedisDedupStore.class);
                        Fingerprint fingerprint = randomFingerprint();

                        assertThat(store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS).isNew()).isTrue();

                        String key = "error-alert:{" + fingerprint.value().charAt(0) + "}" + fingerprint.value();
                        Long onTheMaster = sentinel.on(sentinel.master(), (commands) -> commands.exists(key));
                        assertThat(onTheMaster).isEqualTo(1);
                    });
        }
    }

    @Test
    void runWithTheApplicationsUsernameAndPasswordShouldAuthenticateAsThatUser() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.startNewWith("user alerts on >alerts-s3cret ~* +@all",
                "user default off")) {
            this.contextRunner.withPropertyValues("spring.data.redis.host=127.0.0.1",
                    "spring.data.redis.port=" + redis.port(), "spring.data.redis.username=alerts",
                    "spring.data.redis.password=alerts-s3cret").run(context -> {
                        RedisDedupStore store = context.getBean(RedisDedupStore.class);

                        assertThat(store.record(randomFingerprint(), 1, System.currentTimeMillis(), WINDOWS).isNew())
                                .isTrue();
                        assertThat(store.toString()).doesNotContain("alerts-s3cret");
                    });
        }
    }

    private static Fingerprint randomFingerprint() {
        return new Fingerprint(UUID.randomUUID().toString().replace("-", ""));
    }
}
