package dev.erroralert.compat;

import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.spring.autoconfigure.ErrorAlertAopAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertBoot3HealthAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertEndpointAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertHealthAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertJdbcAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertMetricsAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertRedisAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertSlackAutoConfiguration;
import dev.erroralert.spring.endpoint.ErrorAlertsEndpoint;
import dev.erroralert.spring.metrics.ErrorAlertMeterObserver;
import dev.erroralert.redis.RedisDedupStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's auto-configurations on the Spring Boot line of this module: each one's conditions hold or back off
 * as they do on the build line, and the health contributor is the one of this line's health types.
 */
class ErrorAlertOnBootLineTests {

    private static final String CONTRIBUTOR = "errorAlertHealthContributor";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ErrorAlertAutoConfiguration.class,
                    ErrorAlertRedisAutoConfiguration.class, ErrorAlertJdbcAutoConfiguration.class,
                    ErrorAlertSlackAutoConfiguration.class, ErrorAlertAopAutoConfiguration.class,
                    ErrorAlertMetricsAutoConfiguration.class, ErrorAlertHealthAutoConfiguration.class,
                    ErrorAlertBoot3HealthAutoConfiguration.class, ErrorAlertEndpointAutoConfiguration.class));

    @Test
    void runShouldCreateThePipelineAndTheAdvisor() {
        this.contextRunner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(AlertPipeline.class)
                .hasBean("errorAlertAdvisor").getBean("errorAlertAdvisor").isInstanceOf(DefaultPointcutAdvisor.class));
    }

    @Test
    void runShouldContributeHealthInThisLinesTypesOnly() throws ClassNotFoundException {
        Class<?> contributorType = BootLine.healthContributorType();
        this.contextRunner.run(context -> {
            assertThat(context).hasNotFailed().hasBean(CONTRIBUTOR);
            assertThat(context.getBean(CONTRIBUTOR)).isInstanceOf(contributorType);
            assertThat(context.getBeanNamesForType(contributorType)).containsExactly(CONTRIBUTOR);
        });
    }

    @Test
    void runWhenHealthIsDisabledShouldNotContribute() {
        this.contextRunner.withPropertyValues("management.health.error-alert.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CONTRIBUTOR));
    }

    @Test
    void runWithAMeterRegistryShouldCountThroughIt() {
        this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ErrorAlertMeterObserver.class));
    }

    @Test
    void runWithTheEndpointExposedShouldCreateIt() {
        this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=erroralerts")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ErrorAlertsEndpoint.class));
    }

    @Test
    void runWithRedisConfiguredShouldCreateTheRedisStore() {
        this.contextRunner.withPropertyValues("error-alert.redis.url=redis://127.0.0.1:1")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(RedisDedupStore.class));
    }
}
