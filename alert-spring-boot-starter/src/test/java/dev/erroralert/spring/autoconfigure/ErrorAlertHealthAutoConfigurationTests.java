package dev.erroralert.spring.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import dev.erroralert.pipeline.AlertPipeline;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorAlertHealthAutoConfigurationTests {

    private static final String CONTRIBUTOR = "errorAlertHealthContributor";

    private static final Status DEGRADED = new Status("DEGRADED");

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ErrorAlertAutoConfiguration.class,
                    ErrorAlertRedisAutoConfiguration.class, ErrorAlertHealthAutoConfiguration.class));

    private static String closedRedisUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return "error-alert.redis.url=redis://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void runShouldContributeEachStoreOfTheChainAndDelivery() throws IOException {
        this.contextRunner.withPropertyValues(closedRedisUrl()).run(context -> {
            CompositeHealthContributor errorAlert = context.getBean(CONTRIBUTOR, CompositeHealthContributor.class);
            assertThat(errorAlert.stream().map(HealthContributors.Entry::name)).containsExactly("redis", "delivery");

            Health redis = ((HealthIndicator) errorAlert.getContributor("redis")).health();
            assertThat(redis.getStatus()).isEqualTo(DEGRADED);
            assertThat(redis.getDetails()).containsEntry("circuit", "OPEN").containsKey("error");

            Health delivery = ((HealthIndicator) errorAlert.getContributor("delivery")).health();
            assertThat(delivery.getStatus()).as("nothing was given up on").isEqualTo(Status.UP);
            assertThat(delivery.getDetails()).as("the log, without Slack settings").containsKey("log");
        });
    }

    @Test
    void runWhenDisabledByPropertyShouldNotContribute() {
        this.contextRunner.withPropertyValues("management.health.error-alert.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(AlertPipeline.class).doesNotHaveBean(CONTRIBUTOR));
    }

    @Test
    void runWhenHealthIndicatorsAreOffByDefaultShouldNotContribute() {
        this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CONTRIBUTOR));
    }

    @Test
    void runWithoutSpringBootHealthShouldNotContribute() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(AlertPipeline.class)
                        .doesNotHaveBean(CONTRIBUTOR));
    }

    @Test
    void runWhenErrorAlertIsDisabledShouldNotContribute() {
        this.contextRunner.withPropertyValues("error-alert.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CONTRIBUTOR));
    }

    @Test
    void runWithTheApplicationsOwnErrorAlertIndicatorShouldBackOff() {
        this.contextRunner
                .withBean("errorAlertHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
                .run(context -> assertThat(context).doesNotHaveBean(CONTRIBUTOR));
    }

    @Test
    void runWithADownAlertPathShouldShowItButLeaveTheApplicationsHealthAndReadinessUp() throws IOException {
        withHealthEndpoint().run(context -> {
            acceptTraffic(context);
            HealthEndpoint health = context.getBean(HealthEndpoint.class);
            assertThat(health.healthForPath("errorAlert", "redis").getStatus()).isEqualTo(DEGRADED);
            assertThat(health.health().getStatus()).as("the application's overall health").isEqualTo(Status.UP);
            assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void runWithADownAlertPathInReadinessShouldStillLeaveReadinessUp() throws IOException {
        withHealthEndpoint()
                .withPropertyValues("management.endpoint.health.group.readiness.include=readinessState,errorAlert")
                .run(context -> {
                    acceptTraffic(context);
                    HealthEndpoint health = context.getBean(HealthEndpoint.class);
                    assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    void runWithDownWhenDegradedShouldTakeTheApplicationsHealthDown() throws IOException {
        withHealthEndpoint().withPropertyValues("error-alert.health.down-when-degraded=true").run(context -> {
            acceptTraffic(context);
            HealthEndpoint health = context.getBean(HealthEndpoint.class);
            assertThat(health.healthForPath("errorAlert", "redis").getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void runWithAGroupWhoseStatusOrderNamesDegradedShouldTakeThatGroupDownOnly() throws IOException {
        withHealthEndpoint()
                .withPropertyValues("management.endpoint.health.group.readiness.include=readinessState,errorAlert",
                        "management.endpoint.health.group.readiness.status.order=down,degraded,out-of-service,up")
                .run(context -> {
                    acceptTraffic(context);
                    HealthEndpoint health = context.getBean(HealthEndpoint.class);
                    assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(DEGRADED);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                });
    }

    // What SpringApplication would publish: the application is live and ready.
    private static void acceptTraffic(ApplicationContext context) {
        AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    }

    private ApplicationContextRunner withHealthEndpoint() throws IOException {
        return this.contextRunner
                .withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
                        HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
                        ApplicationAvailabilityAutoConfiguration.class,
                        AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class))
                .withPropertyValues(closedRedisUrl(), "management.endpoint.health.probes.enabled=true");
    }
}
