package dev.erroralert.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.spring.health.DeliveryHealthIndicator;
import dev.erroralert.spring.health.StoreHealthIndicator;
import dev.erroralert.store.DecisionChain;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code errorAlert} health contributor, when the application has Spring Boot's health support: one indicator per
 * store of the chain and one for delivery. Turned off with {@code management.health.error-alert.enabled=false}.
 * <p>
 * It is in no health group unless the application puts it in one: Spring Boot's readiness group holds only
 * {@code readinessState} by default, so a degraded alert path never takes an application out of its load balancer.
 */
@AutoConfiguration(after = ErrorAlertAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean({ DecisionChain.class, DeliveryEngine.class })
@ConditionalOnEnabledHealthIndicator("error-alert")
public class ErrorAlertHealthAutoConfiguration {

    /** Named so that Spring Boot calls the contributor {@code errorAlert}. */
    @Bean
    @ConditionalOnMissingBean(name = { "errorAlertHealthIndicator", "errorAlertHealthContributor" })
    CompositeHealthContributor errorAlertHealthContributor(DecisionChain chain, DeliveryEngine delivery) {
        Map<String, HealthContributor> members = new LinkedHashMap<>();
        for (DecisionChain.StoreState store : chain.storeStates()) {
            members.putIfAbsent(store.store(), new StoreHealthIndicator(chain, store.store()));
        }
        members.putIfAbsent("delivery", new DeliveryHealthIndicator(delivery));
        return CompositeHealthContributor.fromMap(members);
    }
}
