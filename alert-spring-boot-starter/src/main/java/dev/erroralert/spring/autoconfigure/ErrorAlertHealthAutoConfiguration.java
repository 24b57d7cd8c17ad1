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
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code errorAlert} health contributor on Spring Boot 4, whose health types live in
 * {@code org.springframework.boot.health} ({@link ErrorAlertBoot3HealthAutoConfiguration} is its Spring Boot 3.5
 * twin): one indicator per store of the chain and one for delivery. Turned off with
 * {@code management.health.error-alert.enabled=false}.
 * <p>
 * A degraded alert path reports {@code DEGRADED}, which Spring Boot's aggregation ignores: the contributor shows it,
 * the application's health stays as it is. {@code error-alert.health.down-when-degraded=true}, or a health group's
 * status order naming {@code DEGRADED}, makes it count.
 */
@AutoConfiguration(after = ErrorAlertAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthIndicator",
        "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator" })
@ConditionalOnBean({ DecisionChain.class, DeliveryEngine.class })
@EnableConfigurationProperties(ErrorAlertHealthProperties.class)
public class ErrorAlertHealthAutoConfiguration {

    /**
     * Named so that Spring Boot calls the contributor {@code errorAlert}. The conditions sit on the method, not the
     * class: a class-level one would need its annotation's class before {@code @ConditionalOnClass} could tell it is
     * missing (on Spring Boot 3.5).
     */
    @Bean
    @ConditionalOnEnabledHealthIndicator("error-alert")
    @ConditionalOnMissingBean(name = { "errorAlertHealthIndicator", "errorAlertHealthContributor" })
    CompositeHealthContributor errorAlertHealthContributor(DecisionChain chain, DeliveryEngine delivery,
            ErrorAlertHealthProperties properties) {
        Status degraded = new Status(properties.degradedStatus());
        Map<String, HealthContributor> members = new LinkedHashMap<>();
        for (DecisionChain.StoreState store : chain.storeStates()) {
            members.putIfAbsent(store.store(), new StoreHealthIndicator(chain, store.store(), degraded));
        }
        members.putIfAbsent("delivery", new DeliveryHealthIndicator(delivery, degraded));
        return CompositeHealthContributor.fromMap(members);
    }
}
