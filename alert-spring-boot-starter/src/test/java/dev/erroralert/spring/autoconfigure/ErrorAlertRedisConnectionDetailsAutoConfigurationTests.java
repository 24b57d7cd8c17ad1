package dev.erroralert.spring.autoconfigure;

import java.util.List;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.redis.RedisConnection;
import dev.erroralert.redis.RedisDedupStore;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis store on Spring Boot's Redis connection details: what Spring Boot says of the application's Redis
 * (from {@code spring.data.redis.*}, Testcontainers or Docker Compose) is where error-alert deduplicates, unless
 * {@code error-alert.redis.*} names a Redis of its own.
 */
class ErrorAlertRedisConnectionDetailsAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ErrorAlertAutoConfiguration.class,
                    ErrorAlertRedisConnectionDetailsAutoConfiguration.class, ErrorAlertRedisAutoConfiguration.class));

    private static DataRedisConnectionDetails standalone(String host, int port, String password) {
        return new DataRedisConnectionDetails() {
            @Override
            public String getPassword() {
                return password;
            }

            @Override
            public Standalone getStandalone() {
                return Standalone.of(host, port, 2);
            }
        };
    }

    @Test
    void runWithConnectionDetailsShouldDeduplicateInThatRedisWithoutAnyRedisSetting() {
        EmbeddedRedisServer redis = EmbeddedRedisServer.shared();
        this.contextRunner.withBean(DataRedisConnectionDetails.class, () -> standalone("127.0.0.1", redis.port(), ""))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RedisDedupStore.class);
                    assertThat(context.getBean(RedisDedupStore.class).toString())
                            .contains("127.0.0.1:" + redis.port());
                    DecisionChain chain = context.getBean(DecisionChain.class);
                    assertThat(chain.decide(new Fingerprint("0123456789abcdef0123456789abcdef"), 1,
                            System.currentTimeMillis()).tally().countedBy()).isEqualTo("redis");
                });
    }

    @Test
    void runWithConnectionDetailsShouldShowNoPassword() {
        this.contextRunner.withBean(DataRedisConnectionDetails.class, () -> standalone("redis.details", 6390, "s3cret"))
                .run(context -> assertThat(context.getBean(RedisDedupStore.class).toString())
                        .contains("redis.details:6390").doesNotContain("s3cret"));
    }

    @Test
    void runWithSentinelConnectionDetailsShouldCreateASentinelStore() {
        DataRedisConnectionDetails sentinel = new DataRedisConnectionDetails() {
            @Override
            public Sentinel getSentinel() {
                return new Sentinel() {
                    @Override
                    public int getDatabase() {
                        return 0;
                    }

                    @Override
                    public String getMaster() {
                        return "orders";
                    }

                    @Override
                    public List<Node> getNodes() {
                        return List.of(new Node("10.0.0.1", 26379), new Node("10.0.0.2", 26379));
                    }

                    @Override
                    public String getUsername() {
                        return null;
                    }

                    @Override
                    public String getPassword() {
                        return "sentinel-s3cret";
                    }
                };
            }
        };
        this.contextRunner.withBean(DataRedisConnectionDetails.class, () -> sentinel).run(context -> {
            RedisDedupStore store = context.getBean(RedisDedupStore.class);
            assertThat(store.topology()).isEqualTo(RedisConnection.Topology.SENTINEL);
            assertThat(store.toString()).contains("sentinel master orders via 10.0.0.1:26379,10.0.0.2:26379")
                    .doesNotContain("s3cret");
        });
    }

    @Test
    void runWithItsOwnUrlShouldIgnoreTheConnectionDetails() {
        this.contextRunner.withBean(DataRedisConnectionDetails.class, () -> standalone("redis.details", 6390, ""))
                .withPropertyValues("error-alert.redis.url=redis://redis.own:6391")
                .run(context -> assertThat(context.getBean(RedisDedupStore.class).toString())
                        .contains("redis.own:6391").doesNotContain("redis.details"));
    }

    @Test
    void runWithoutConnectionDetailsOrSettingsShouldNotCreateARedisStore() {
        this.contextRunner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RedisDedupStore.class));
    }
}
