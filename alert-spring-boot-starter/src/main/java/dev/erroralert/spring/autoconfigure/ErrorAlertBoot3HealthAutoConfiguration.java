package dev.erroralert.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.spring.health.DeliveryHealth;
import dev.erroralert.spring.health.StoreHealth;
import dev.erroralert.spring.health.boot3.Boot3HealthIndicator;
import dev.erroralert.store.DecisionChain;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code errorAlert} health contributor on Spring Boot 3.5, whose health types live in
 * {@code org.springframework.boot.actuate.health}: the twin of {@link ErrorAlertHealthAutoConfiguration}, with the same
 * members, details, property and default.
 */
@AutoConfiguration(after = ErrorAlertAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.actuate.health.HealthIndicator",
        "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator" })
@ConditionalOnBean({ DecisionChain.class, DeliveryEngine.class })
@EnableConfigurationProperties(ErrorAlertHealthProperties.class)
public class ErrorAlertBoot3HealthAutoConfiguration {

    /** Named so that Spring Boot calls the contributor {@code errorAlert}. */
    @Bean
    @ConditionalOnEnabledHealthIndicator("error-alert")
    @ConditionalOnMissingBean(name = { "errorAlertHealthIndicator", "errorAlertHealthContributor" })
    CompositeHealthContributor errorAlertHealthContributor(DecisionChain chain, DeliveryEngine delivery,
            ErrorAlertHealthProperties properties) {
        Status degraded = new Status(properties.degradedStatus());
        Map<String, HealthContributor> members = new LinkedHashMap<>();
        for (DecisionChain.StoreState store : chain.storeStates()) {
            StoreHealth check = new StoreHealth(chain, store.store());
            members.putIfAbsent(store.store(), new Boot3HealthIndicator(check::check, degraded));
        }
        members.putIfAbsent("delivery", new Boot3HealthIndicator(new DeliveryHealth(delivery)::check, degraded));
        return CompositeHealthContributor.fromMap(members);
    }
}
