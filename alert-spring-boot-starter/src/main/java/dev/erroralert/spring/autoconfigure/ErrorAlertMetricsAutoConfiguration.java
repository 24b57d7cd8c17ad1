package dev.erroralert.spring.autoconfigure;

import dev.erroralert.pipeline.QuietSummaries;
import dev.erroralert.history.WriteBack;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.spring.metrics.ErrorAlertMeterObserver;
import dev.erroralert.spring.metrics.ErrorAlertMetrics;
import dev.erroralert.store.DecisionChain;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters under {@code error.alert}, when the application has a {@link MeterRegistry}. After Spring Boot's
 * metrics configurations (named for Boot 4 and for Boot 3.5, so one jar serves both), whose registry it needs.
 */
@AutoConfiguration(after = ErrorAlertAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "error-alert", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ErrorAlertProperties.class)
public class ErrorAlertMetricsAutoConfiguration {

    /**
     * Counts judgements and deliveries as they happen. The core configuration hands it to the pipeline and to delivery
     * as their observer; it needs only the registry, so nothing waits for the pipeline to build it.
     */
    @Bean
    @ConditionalOnMissingBean
    ErrorAlertMeterObserver errorAlertMeterObserver(MeterRegistry registry, ErrorAlertProperties properties) {
        return new ErrorAlertMeterObserver(registry, properties.getMetrics().isExceptionTypeTag());
    }

    /** Reads the pipeline's and the stores' counts when the registry asks; bound by Boot like any meter binder. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({ AlertPipeline.class, DecisionChain.class })
    ErrorAlertMetrics errorAlertMetrics(AlertPipeline pipeline, DecisionChain chain,
            ObjectProvider<WriteBack> writeBack, ObjectProvider<QuietSummaries> quietSummaries) {
        return new ErrorAlertMetrics(pipeline, chain, writeBack.getIfAvailable(), quietSummaries.getIfAvailable());
    }
}
