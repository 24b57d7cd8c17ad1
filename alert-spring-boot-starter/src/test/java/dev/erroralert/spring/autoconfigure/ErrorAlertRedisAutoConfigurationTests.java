package dev.erroralert.spring.autoconfigure;

import dev.erroralert.redis.RedisConnection;
import dev.erroralert.redis.RedisDedupStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which Redis the store is built for, one test per branch: error-alert's own settings first, else the application's
 * Spring Data Redis settings in Spring Boot's own order. Stores connect on first use, so no Redis is needed here.
 */
class ErrorAlertRedisAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ErrorAlertRedisAutoConfiguration.class));

    @Test
    void runWithClusterNodesShouldCreateAClusterStore() {
        this.contextRunner.withPropertyValues("error-alert.redis.cluster-nodes=10.0.0.1:7000,10.0.0.2:7001")
                .run(context -> {
                    RedisDedupStore store = context.getBean(RedisDedupStore.class);
                    assertThat(store.topology()).isEqualTo(RedisConnection.Topology.CLUSTER);
                    assertThat(store.toString()).contains("cluster 10.0.0.1:7000,10.0.0.2:7001");
                });
    }

    @Test
    void runWithClusterNodesAsAListOfUrisWithCredentialsShouldCreateAClusterStoreShowingNoPassword() {
        this.contextRunner.withPropertyValues("error-alert.redis.cluster-nodes[0]=rediss://alerts:s3cret@10.0.0.1:7000",
                "error-alert.redis.cluster-nodes[1]=10.0.0.2:7001").run(context -> {
                    RedisDedupStore store = context.getBean(RedisDedupStore.class);
                    assertThat(store.topology()).isEqualTo(RedisConnection.Topology.CLUSTER);
                    assertThat(store.toString()).contains("cluster 10.0.0.1:7000,10.0.0.2:7001")
                            .doesNotContain("s3cret");
                });
    }

    @Test
    void runWithASentinelUrlShouldCreateASentinelStoreShowingNoPassword() {
        this.contextRunner.withPropertyValues(
                "error-alert.redis.url=redis-sentinel://:s3cret@10.0.0.1:26379,10.0.0.2:26379/2#orders")
                .run(context -> {
                    RedisDedupStore store = context.getBean(RedisDedupStore.class);
                    assertThat(store.topology()).isEqualTo(RedisConnection.Topology.SENTINEL);
                    assertThat(store.toString()).contains("sentinel master orders via 10.0.0.1:26379,10.0.0.2:26379")
                            .doesNotContain("s3cret");
                });
    }

    @Test
    void runWithATlsUrlWithCredentialsShouldCreateAStandaloneStoreShowingNoPassword() {
        this.contextRunner.withPropertyValues("error-alert.redis.url=rediss://alerts:s3cret@redis.internal:6380/1")
                .run(context -> {
                    RedisDedupStore store = context.getBean(RedisDedupStore.class);
                    assertThat(store.topology()).isEqualTo(RedisConnection.Topology.STANDALONE);
                    assertThat(store.toString()).contains("redis.internal:6380/1").doesNotContain("s3cret");
                    assertThat(context.getBean(ErrorAlertProperties.class).toString()).doesNotContain("s3cret");
                });
    }

    @Test
    void runWithTheApplicationsClusterNodesShouldCreateAClusterStoreShowingNoPassword() {
        this.contextRunner.withPropertyValues("spring.data.redis.cluster.nodes=10.0.0.1:7000,10.0.0.2:7001",
                "spring.data.redis.username=alerts", "spring.data.redis.password=s3cret").run(context -> {
                    RedisDedupStore store = context.getBean(RedisDedupStore.class);
                    assertThat(store.topology()).isEqualTo(RedisConnection.Topology.CLUSTER);
                    assertThat(store.toString()).contains("cluster 10.0.0.1:7000,10.0.0.2:7001")
                            .doesNotContain("s3cret");
                });
    }

    @Test
    void runWithTheApplicationsSentinelSettingsShouldCreateASentinelStoreShowingNoPassword() {
        this.contextRunner.withPropertyValues("spring.data.redis.sentinel.master=orders",
                "spring.data.redis.sentinel.nodes[0]=10.0.0.1:26379",
                "spring.data.redis.sentinel.nodes[1]=10.0.0.2:26379",
                "spring.data.redis.sentinel.password=sentinel-s3cret", "spring.data.redis.password=s3cret")
                .run(context -> {
                    RedisDedupStore store = context.getBean(RedisDedupStore.class);
                    assertThat(store.topology()).isEqualTo(RedisConnection.Topology.SENTINEL);
                    assertThat(store.toString()).contains("sentinel master orders via 10.0.0.1:26379,10.0.0.2:26379")
                            .doesNotContain("s3cret");
                });
    }

    @Test
    void runWithTheApplicationsSentinelAndClusterSettingsShouldUseSentinelAsSpringBootDoes() {
        this.contextRunner.withPropertyValues("spring.data.redis.sentinel.master=orders",
                "spring.data.redis.sentinel.nodes=10.0.0.1:26379", "spring.data.redis.cluster.nodes=10.0.0.1:7000")
                .run(context -> assertThat(context.getBean(RedisDedupStore.class).topology())
                        .isEqualTo(RedisConnection.Topology.SENTINEL));
    }

    @Test
    void runWithItsOwnUrlShouldIgnoreTheApplicationsClusterSettings() {
        this.contextRunner.withPropertyValues("error-alert.redis.url=redis://alerts.internal:6379",
                "spring.data.redis.cluster.nodes=10.0.0.1:7000").run(context -> {
                    RedisDedupStore store = context.getBean(RedisDedupStore.class);
                    assertThat(store.topology()).isEqualTo(RedisConnection.Topology.STANDALONE);
                    assertThat(store.toString()).contains("alerts.internal:6379");
                });
    }

    @Test
    void runWithTheApplicationsHostShouldCreateAStandaloneStore() {
        this.contextRunner.withPropertyValues("spring.data.redis.host=redis.internal", "spring.data.redis.port=6380",
                "spring.data.redis.password=s3cret").run(context -> {
                    RedisDedupStore store = context.getBean(RedisDedupStore.class);
                    assertThat(store.topology()).isEqualTo(RedisConnection.Topology.STANDALONE);
                    assertThat(store.toString()).contains("redis.internal:6380").doesNotContain("s3cret");
                });
    }

    @Test
    void runWithBothUrlAndClusterNodesShouldFailNamingBoth() {
        this.contextRunner.withPropertyValues("error-alert.redis.url=redis://10.0.0.1:6379",
                "error-alert.redis.cluster-nodes=10.0.0.1:7000")
                .run(context -> assertThat(failureText(context)).contains("error-alert.redis.url")
                        .contains("error-alert.redis.cluster-nodes"));
    }

    @Test
    void runWithAClusterNodeThatIsNotHostAndPortShouldFailNamingItButNotItsValue() {
        this.contextRunner.withPropertyValues("error-alert.redis.cluster-nodes=10.0.0.1:7000,alerts:s3cret@10.0.0.2")
                .run(context -> assertThat(failureText(context)).contains("error-alert.redis.cluster-nodes[1]")
                        .doesNotContain("s3cret"));
    }

    @Test
    void runWithAnApplicationClusterNodeWithoutPortShouldFailNamingIt() {
        this.contextRunner.withPropertyValues("spring.data.redis.cluster.nodes=10.0.0.1")
                .run(context -> assertThat(failureText(context)).contains("spring.data.redis.cluster.nodes[0]"));
    }

    @Test
    void runWithAMalformedUrlShouldFailNamingItButNotItsPassword() {
        this.contextRunner.withPropertyValues("error-alert.redis.url=redis://alerts:s3cret@redis internal:6379")
                .run(context -> assertThat(failureText(context)).contains("error-alert.redis.url")
                        .doesNotContain("s3cret"));
    }

    @Test
    void runWithASentinelUrlWithoutTheMastersNameShouldFailNamingIt() {
        this.contextRunner.withPropertyValues("error-alert.redis.url=redis-sentinel://10.0.0.1:26379")
                .run(context -> assertThat(failureText(context)).contains("error-alert.redis.url is invalid")
                        .contains("sentinelMasterId"));
    }

    @Test
    void runWithTheApplicationsSentinelMasterButNoNodesShouldFailNamingTheMissingProperty() {
        this.contextRunner.withPropertyValues("spring.data.redis.sentinel.master=orders")
                .run(context -> assertThat(failureText(context)).contains("spring.data.redis.sentinel.nodes must be"));
    }

    @Test
    void runWithOnlyTheApplicationsSentinelPasswordShouldNotCreateAStore() {
        this.contextRunner.withPropertyValues("spring.data.redis.sentinel.password=s3cret")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RedisDedupStore.class));
    }

    private static String failureText(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        StringBuilder text = new StringBuilder();
        for (Throwable current = context.getStartupFailure(); current != null; current = current.getCause()) {
            text.append(current).append('\n');
        }
        return text.toString();
    }
}
