package dev.erroralert.spring.autoconfigure;

import java.time.Duration;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.spring.metrics.ErrorAlertMeterObserver;
import dev.erroralert.spring.metrics.ErrorAlertMeters;
import dev.erroralert.spring.metrics.ErrorAlertMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ErrorAlertMetricsAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ErrorAlertAutoConfiguration.class,
                    ErrorAlertMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));

    @Test
    void runWithAMeterRegistryShouldBindTheMetersAndObserveThePipeline() {
        this.contextRunner.run(context -> {
            assertThat(context).hasSingleBean(ErrorAlertMetrics.class).hasSingleBean(ErrorAlertMeterObserver.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            AlertPipeline pipeline = context.getBean(AlertPipeline.class);

            pipeline.capture(new IllegalStateException("order 42 not found"), CaptureSite.of("com.example.Orders", "place"));
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().judged() == 1);

            assertThat(registry.get(ErrorAlertMeters.OCCURRENCES).functionCounter().count()).isEqualTo(1);
            assertThat(registry.get(ErrorAlertMeters.DECISIONS).tags(ErrorAlertMeters.STORE, "memory",
                    ErrorAlertMeters.OUTCOME, "sent").counter().count()).isEqualTo(1);
            assertThat(registry.get(ErrorAlertMeters.DECISIONS).counter().getId().getTag(ErrorAlertMeters.EXCEPTION))
                    .as("no exception tag unless asked for").isNull();
        });
    }

    @Test
    void runWithTheExceptionTypeTagShouldTagDecisionsWithTheExceptionsClass() {
        this.contextRunner.withPropertyValues("error-alert.metrics.exception-type-tag=true").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            AlertPipeline pipeline = context.getBean(AlertPipeline.class);

            pipeline.capture(new IllegalStateException("order 42 not found"), CaptureSite.of("com.example.Orders", "place"));
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().judged() == 1);

            assertThat(registry.get(ErrorAlertMeters.DECISIONS)
                    .tag(ErrorAlertMeters.EXCEPTION, IllegalStateException.class.getName()).counter().count())
                    .isEqualTo(1);
        });
    }

    @Test
    void runWithoutAMeterRegistryShouldNotCreateMeters() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ErrorAlertAutoConfiguration.class,
                        ErrorAlertMetricsAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(AlertPipeline.class);
                    assertThat(context).doesNotHaveBean(ErrorAlertMetrics.class)
                            .doesNotHaveBean(ErrorAlertMeterObserver.class);
                });
    }

    @Test
    void runWithoutMicrometerShouldNotCreateMetersAndStillAlert() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core")).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(AlertPipeline.class);
            assertThat(context).doesNotHaveBean(ErrorAlertMetrics.class).doesNotHaveBean(ErrorAlertMeterObserver.class);
            AlertPipeline pipeline = context.getBean(AlertPipeline.class);

            pipeline.capture(new IllegalStateException("order 42 not found"), CaptureSite.of("com.example.Orders", "place"));

            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.deliveryStats().messagesDelivered() == 1);
        });
    }

    @Test
    void runWhenDisabledShouldNotCreateMeters() {
        this.contextRunner.withPropertyValues("error-alert.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(MeterRegistry.class);
            assertThat(context).doesNotHaveBean(ErrorAlertMetrics.class).doesNotHaveBean(ErrorAlertMeterObserver.class);
        });
    }
}
