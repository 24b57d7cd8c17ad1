package dev.erroralert.spring.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.erroralert.history.HistoryStore;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.silence.Silences;
import dev.erroralert.spring.endpoint.ErrorAlertsEndpoint;
import dev.erroralert.spring.endpoint.ErrorAlertsEndpointWebExtension;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.testsupport.InMemoryHistoryStore;
import dev.erroralert.testsupport.InMemoryMuteStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorAlertEndpointAutoConfigurationTests {

    private static final String EXPOSED = "management.endpoints.web.exposure.include=erroralerts";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ErrorAlertAutoConfiguration.class,
                    ErrorAlertEndpointAutoConfiguration.class))
            .withBean(Silences.class,
                    () -> new Silences(List.of(new InMemoryMuteStore("redis")), List.of(), Clock.systemUTC()))
            .withBean(HistoryStore.class, InMemoryHistoryStore::new);

    @Test
    void runWhenExposedOverTheWebShouldCreateTheEndpointAndItsWebExtension() {
        this.contextRunner.withPropertyValues(EXPOSED).run((context) -> assertThat(context)
                .hasSingleBean(ErrorAlertsEndpoint.class).hasSingleBean(ErrorAlertsEndpointWebExtension.class));
    }

    @Test
    void runWhenNotExposedShouldNotCreateTheEndpoint() {
        this.contextRunner.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(AlertPipeline.class)
                .doesNotHaveBean(ErrorAlertsEndpoint.class).doesNotHaveBean(ErrorAlertsEndpointWebExtension.class));
    }

    // Upper case: the runner's environment converts enums strictly, where an application's takes "none".
    @Test
    void runWhenAccessIsNoneShouldNotCreateTheEndpoint() {
        this.contextRunner.withPropertyValues(EXPOSED, "management.endpoint.erroralerts.access=NONE")
                .run((context) -> assertThat(context).doesNotHaveBean(ErrorAlertsEndpoint.class));
    }

    @Test
    void runWhenExposedOverJmxOnlyShouldCreateTheEndpointWithoutTheWebExtension() {
        this.contextRunner
                .withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=erroralerts")
                .run((context) -> assertThat(context).hasSingleBean(ErrorAlertsEndpoint.class)
                        .doesNotHaveBean(ErrorAlertsEndpointWebExtension.class));
    }

    @Test
    void runWithoutTheActuatorShouldNotCreateTheEndpointAndStillAlert() {
        this.contextRunner.withPropertyValues(EXPOSED)
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run((context) -> assertThat(context).hasNotFailed().hasSingleBean(AlertPipeline.class)
                        .doesNotHaveBean(ErrorAlertsEndpoint.class));
    }

    @Test
    void runWithoutTheActuatorsAutoConfigurationShouldNotCreateTheEndpointAndStillAlert() {
        this.contextRunner.withPropertyValues(EXPOSED)
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run((context) -> assertThat(context).hasNotFailed().hasSingleBean(AlertPipeline.class)
                        .doesNotHaveBean(ErrorAlertsEndpoint.class));
    }

    @Test
    void runWhenErrorAlertIsDisabledShouldNotCreateTheEndpoint() {
        this.contextRunner.withPropertyValues(EXPOSED, "error-alert.enabled=false")
                .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ErrorAlertsEndpoint.class));
    }

    @Test
    void runWithoutAHistoryOrSilencesShouldStillCreateTheEndpoint() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ErrorAlertAutoConfiguration.class,
                        ErrorAlertEndpointAutoConfiguration.class))
                .withPropertyValues(EXPOSED)
                .run((context) -> {
                    assertThat(context).hasSingleBean(ErrorAlertsEndpoint.class);
                    ErrorAlertsEndpoint.ErrorAlertsDescriptor errors = context.getBean(ErrorAlertsEndpoint.class)
                            .errors(null);
                    assertThat(errors.history()).isFalse();
                    assertThat(errors.mutes()).isEmpty();
                });
    }

    @Test
    void runWithTheApplicationsOwnEndpointShouldBackOff() {
        this.contextRunner.withPropertyValues(EXPOSED)
                .withBean("myErrorAlertsEndpoint", ErrorAlertsEndpoint.class,
                        () -> new ErrorAlertsEndpoint(null, null, new DecisionChain(List.of(),
                                new SeedAlertPolicy(Duration.ofMinutes(5), Duration.ofMinutes(30), 5), null,
                                Duration.ofSeconds(1)), SecretMasker.none(), Clock.systemUTC()))
                .run((context) -> assertThat(context).getBean(ErrorAlertsEndpoint.class)
                        .isSameAs(context.getBean("myErrorAlertsEndpoint")));
    }
}
